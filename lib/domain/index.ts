/** The pure domain layer: lag, lag in time, diagnosis, status, rates, ETA, group rows, formatting. */
export * from "./value";
export * from "./offsets";
export * from "./names";
export * from "./lag";
export * from "./lagTime";
export * from "./diagnosis";
export * from "./status";
export * from "./rates";
export * from "./eta";
export {
  summarizeGroup,
  type GroupSummary,
  type GroupSummaryInput,
  type QueueCounts,
  type StoreTimes,
} from "./groupSummary";
export * from "./format";
export * from "./rewind";
