export * from "./findings.js";
export * from "./catalog.js";
export * from "./stacks.js";
export * from "./settings.js";
export * from "./config.js";
export * from "./urn.js";
export * from "./version.js";
