// The part of fflate that inline-zip.js uses, as its own module so that it can be loaded
// lazily (see there) and still tree-shaken.
export { Zip, ZipDeflate, ZipPassThrough } from "fflate";
