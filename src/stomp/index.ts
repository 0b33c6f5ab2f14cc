export type { OutgoingFrame, StompFrame } from './frame';
export { UNESCAPED_COMMANDS } from './frame';
export { STOMP_COMMANDS } from './commands';
export {
  StompDecodeError,
  StompEncodeError,
  type StompDecodeErrorReason,
  type StompEncodeErrorReason,
} from './codec-errors';
export {
  DEFAULT_MAX_FRAME_BYTES,
  DEFAULT_MAX_HEADER_BYTES,
  FrameDecoder,
  type FrameDecoderOptions,
} from './decoder';
export { encodeFrame, HEART_BEAT } from './encoder';
export { escapeHeaderValue, unescapeHeaderValue } from './escape';
