// Types of build.mjs (plain JavaScript so that bench/ can run it with Node alone).
export declare const clientEntry: string;
export declare function buildBrowserBundle(
  entry: string | { contents: string; resolveDir: string },
  options?: { minify?: boolean },
): Promise<string>;
