/** The wire-format layer of Tidemark's RocketMQ remoting client (pure: no I/O). */
export { ProtocolError, isProtocolError, type ProtocolErrorKind } from "./errors";
export { RequestCode, requestCodeName, type RequestCodeName, type RequestCodeValue } from "./requestCode";
export { ResponseCode, responseCodeName, type ResponseCodeName, type ResponseCodeValue } from "./responseCode";
export { compareMq, mqKey, type MessageQueue } from "./messageQueue";
export {
  DEFAULT_LANGUAGE,
  DEFAULT_VERSION,
  FLAG_ONEWAY,
  FLAG_RESPONSE,
  LanguageCode,
  SerializeType,
  createRequest,
  createResponse,
  decodeFrameBody,
  encodeFrame,
  isOneway,
  isResponse,
  languageByte,
  languageName,
  type ExtFieldValue,
  type RemotingCommand,
  type SerializeTypeValue,
} from "./remotingCommand";
export { DEFAULT_MAX_FRAME_BYTES, FrameDecoder, type FrameDecoderOptions } from "./frameDecoder";
export {
  FjMap,
  asArray,
  asBigInt,
  asBool,
  asEntries,
  asInt,
  asMessageQueue,
  asNumber,
  asRecord,
  asString,
  encodeFastjsonMqMap,
  getField,
  isRecord,
  keyAsString,
  parseFastjson,
  readMessageQueueMap,
  type FastjsonOptions,
  type FjRecord,
  type FjValue,
} from "./fastjson";
