// Type-checked by tests/js/packaged.test.mjs: compute-horde-sdk/slim from CommonJS.
import slim = require("compute-horde-sdk/slim");

const ready: Promise<void> = slim.default(new Uint8Array(8));
slim.initSync(new Uint8Array(8));
const address: string = slim.Keypair.fromUri("//Alice").ss58Address;
export = { ready, address };
