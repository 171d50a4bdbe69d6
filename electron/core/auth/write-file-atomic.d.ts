/** The part of write-file-atomic 8 (untyped CommonJS) that MCP Gate uses. */
declare module 'write-file-atomic' {
  interface WriteFileAtomicOptions {
    readonly mode?: number;
    readonly fsync?: boolean;
    readonly encoding?: BufferEncoding;
    readonly chown?: { readonly uid: number; readonly gid: number } | false;
    readonly tmpfileCreated?: (tmpfile: string) => void | Promise<void>;
  }
  function writeFileAtomic(
    filename: string,
    data: string | Uint8Array,
    options?: WriteFileAtomicOptions,
  ): Promise<void>;
  namespace writeFileAtomic {
    /** The same write, synchronous (the settings file is written this way). */
    function sync(
      filename: string,
      data: string | Uint8Array,
      options?: WriteFileAtomicOptions,
    ): void;
  }
  export default writeFileAtomic;
}
