// Type-checked by tests/js/packaged.test.mjs against the installed package: compute-horde-sdk/slim
// declares the whole API plus init() / initSync().
import init, { initSync, Keypair, ComputeHordeError, type InitInput } from "compute-horde-sdk/slim";

const inputs: InitInput[] = [new URL("https://example.invalid/compute_horde_sdk_bg.wasm"), "/x.wasm", new Uint8Array(8), fetch("/x.wasm")];
const ready: Promise<void> = init(inputs[0]!);
await ready;
initSync(new Uint8Array(8));
const address: string = Keypair.fromUri("//Alice").ss58Address;
const isError: boolean = new ComputeHordeError("x") instanceof Error;
// @ts-expect-error init() needs the module (a URL, Response, Module or bytes)
await init();
export { address, isError };
