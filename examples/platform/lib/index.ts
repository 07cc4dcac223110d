export { DataStore, type DataStoreArgs } from "./data-store";
export { Network, type NetworkArgs } from "./network";
export { QueueConsumer, type QueueConsumerArgs } from "./queue-consumer";
export { Resource } from "./resource";
