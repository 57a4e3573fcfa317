// seek-bzip ships no types; this is the one call the training code makes.
declare module 'seek-bzip' {
  /** Decodes a whole .bz2 buffer; `multistream` reads past the first stream (files written by parallel bzip2). */
  function decode(input: Uint8Array, output?: undefined, multistream?: boolean): Buffer;
  const bunzip: { decode: typeof decode };
  export default bunzip;
}
