// Node.js entry of the scimkit package (the `node` export condition).
//
// Browsers and bundlers get `index.js` and call `await init()` once. Node
// reads the wasm from disk and instantiates it synchronously here, at import,
// so
//
//     import { validate } from "scimkit";
//
// works in Node >= 18 with no flags and no init call. `init()` and
// `initSync()` are re-exported too and are no-ops once the module is loaded,
// so code written for browsers runs unchanged. (This file has an import-time
// side effect, which is why package.json lists it in `sideEffects`.)
import { readFileSync } from "node:fs";
import { initSync } from "./index.js";

initSync({ module: readFileSync(new URL("./scimkit_bg.wasm", import.meta.url)) });

export * from "./index.js";
export { default } from "./index.js";
