// An Analyzer gRPC server that stands in front of a nodejs policy pack while it starts.
//
// Why it is needed: the engine starts a policy pack through RunPlugin and then, on the port printed first
// on the plugin's stdout, calls Handshake and ConfigureStack (project, stack, organization, dry-run, config).
// But policy packs written with @pulumi/policy read that information at start-up, from the
// PULUMI_NODEJS_* / PULUMI_CONFIG environment variables, before they serve anything. So, like the real
// nodejs host, we first serve the Analyzer service ourselves, wait for ConfigureStack, start the pack
// with the matching environment, and from then on forward every call to the pack's own server.

import * as grpc from "@grpc/grpc-js";

import { analyzerGrpc, analyzerPb, type AnalyzerPb } from "./protocol.js";
import { errorMessage, trace } from "./util.js";

/** A promise that can be settled from outside, once (later settlements are ignored). */
class Deferred<T> {
  readonly promise: Promise<T>;
  settled = false;
  private resolveFn!: (value: T) => void;
  private rejectFn!: (reason: unknown) => void;

  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
    // A rejection nobody awaits (e.g. the engine never called in) must not crash the host.
    this.promise.catch(() => undefined);
  }

  resolve(value: T): void {
    if (this.settled) return;
    this.settled = true;
    this.resolveFn(value);
  }

  reject(reason: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.rejectFn(reason);
  }
}

type UnaryHandler = grpc.handleUnaryCall<unknown, unknown>;

export class PolicyPackProxy {
  private readonly server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  /** The engine's ConfigureStack request; `undefined` when the engine called something else first. */
  private readonly configuration = new Deferred<AnalyzerPb.AnalyzerStackConfigureRequest | undefined>();
  /** A client for the policy pack's own server, once it has started. */
  private readonly packClient = new Deferred<grpc.Client>();
  private client: grpc.Client | undefined;

  constructor() {
    const handlers: Record<string, UnaryHandler> = {};
    for (const [name, method] of Object.entries(analyzerGrpc.AnalyzerService)) {
      handlers[name] = (call, callback) => {
        trace(`policy proxy: ${method.path}`);
        this.handle(name, method, call.request, callback);
      };
    }
    this.server.addService(analyzerGrpc.AnalyzerService, handlers);
  }

  /** Starts serving on a free loopback port and returns it. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
        if (err) reject(err);
        else resolve(port);
      });
    });
  }

  /** Resolves with the engine's stack configuration (or `undefined`, see above). */
  awaitConfiguration(): Promise<AnalyzerPb.AnalyzerStackConfigureRequest | undefined> {
    return this.configuration.promise;
  }

  /**
   * Connects to the started policy pack on `port`, replays the stack configuration to it and releases
   * the calls that were waiting for it.
   */
  async attach(port: number): Promise<void> {
    const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    this.client = client;
    const config = this.configuration.settled ? await this.configuration.promise : undefined;
    if (config) {
      const method = analyzerGrpc.AnalyzerService.configureStack as grpc.MethodDefinition<unknown, unknown>;
      try {
        await unary(client, method, config);
      } catch (err) {
        // Packs built on older @pulumi/policy do not implement ConfigureStack; that is fine.
        if ((err as grpc.ServiceError).code !== grpc.status.UNIMPLEMENTED) {
          const failure = new Error(`policy pack configuration failed: ${(err as Error).message}`);
          this.packClient.reject(failure);
          throw failure;
        }
      }
    }
    this.packClient.resolve(client);
  }

  /** Makes calls waiting for the pack fail with `reason` (the pack exited before serving). */
  fail(reason: Error): void {
    this.packClient.reject(reason);
  }

  close(): void {
    this.client?.close();
    this.server.forceShutdown();
  }

  private handle(
    name: string,
    method: grpc.MethodDefinition<unknown, unknown>,
    request: unknown,
    callback: grpc.sendUnaryData<unknown>,
  ): void {
    if (name === "handshake") {
      callback(null, new analyzerPb.AnalyzerHandshakeResponse());
      return;
    }
    if (name === "configureStack") {
      this.configuration.resolve(request as AnalyzerPb.AnalyzerStackConfigureRequest);
      callback(null, new analyzerPb.AnalyzerStackConfigureResponse());
      return;
    }
    // Anything else before ConfigureStack (e.g. `pulumi policy publish` asking for GetAnalyzerInfo)
    // means there is no stack: start the pack without stack configuration.
    this.configuration.resolve(undefined);
    this.packClient.promise.then(
      async (client) => {
        try {
          callback(null, await unary(client, method, request));
        } catch (err) {
          // The pack's own gRPC status (code, details, metadata) goes back to the engine unchanged.
          callback(err as grpc.ServiceError);
        }
      },
      (err: unknown) => {
        callback({ code: grpc.status.UNKNOWN, details: `policy pack not started: ${errorMessage(err)}` });
      },
    );
  }
}

/** One unary call through a generic client, with the stub's own (de)serializers. */
function unary(
  client: grpc.Client,
  method: grpc.MethodDefinition<unknown, unknown>,
  request: unknown,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      request,
      (err, response) => {
        if (err) reject(err);
        else resolve(response);
      },
    );
  });
}
