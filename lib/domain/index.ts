/** The pure domain layer: lag, lag in time, diagnosis, status, group rows, formatting. */
export * from "./value";
export * from "./offsets";
export * from "./names";
export * from "./lag";
export * from "./lagTime";
export * from "./diagnosis";
export * from "./status";
export {
  summarizeGroup,
  type GroupSummary,
  type GroupSummaryInput,
  type QueueCounts,
  type StoreTimes,
} from "./groupSummary";
export * from "./format";
