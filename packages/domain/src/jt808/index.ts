// JT/T 808-2013 / 2019 codec: framing, headers, bodies, subpackage reassembly, encoders. Pure, no I/O.
export * from './constants.ts';
export * from './frame.ts';
export * from './packet.ts';
export * from './location.ts';
export * from './message.ts';
export * from './reassembler.ts';
