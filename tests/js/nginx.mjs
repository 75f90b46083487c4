// A real nginx configured as a ComputeHorde executor configures it for a streaming job
// (executor/.../job_runner.py): TLS on a loopback port with the executor's self-signed
// certificate, the job's client certificate required (`ssl_verify_client on`), and every
// request proxied to the job's server. Started with its own -c/-p on a free port, stopped by PID.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const NGINX = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((path) => existsSync(path));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => { const { port } = server.address(); server.close(() => resolve(port)); });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port }, () => { socket.destroy(); resolve(true); });
    socket.once("error", () => resolve(false));
  });
}

/**
 * Starts nginx in front of `upstreamPort` for a job whose client certificate is `clientCert`,
 * presenting `serverCert`/`serverKey`. Resolves `{ port, stop() }`.
 */
export async function startExecutorNginx({ clientCert, serverCert, serverKey, upstreamPort }) {
  if (!NGINX) throw new Error("nginx is not installed (make setup-nginx)");
  const prefix = await mkdtemp(join(tmpdir(), "ch-nginx-"));
  await writeFile(join(prefix, "certificate.pem"), serverCert);
  await writeFile(join(prefix, "private_key.pem"), serverKey, { mode: 0o600 });
  await writeFile(join(prefix, "client.crt"), clientCert);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const conf = `
daemon off;
master_process on;
worker_processes 1;
user root;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log info;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  server {
    listen 127.0.0.1:${port} ssl;
    server_name localhost;
    ssl_certificate ${prefix}/certificate.pem;
    ssl_certificate_key ${prefix}/private_key.pem;
    ssl_client_certificate ${prefix}/client.crt;
    ssl_verify_client on;
    location / {
      if ($ssl_client_verify != SUCCESS) { return 403; }
      proxy_pass http://127.0.0.1:${upstreamPort};
      proxy_buffering off;
    }
  }
}
`;
    await writeFile(join(prefix, "nginx.conf"), conf);
    const child = spawn(NGINX, ["-c", join(prefix, "nginx.conf"), "-p", prefix, "-e", join(prefix, "error.log")], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => { stderr += chunk; });
    const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    const kill = async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, "SIGTERM");
      await exited;
    };
    const stop = async () => { await kill(); await rm(prefix, { recursive: true, force: true }); };
    const deadline = Date.now() + 10_000;
    let early = null;
    exited.then((e) => { early = e; });
    while (Date.now() < deadline && early === null && !(await canConnect(port))) await new Promise((r) => setTimeout(r, 25));
    if (early === null && (await canConnect(port))) return { port, stop, errorLog: () => readFile(join(prefix, "error.log"), "utf8") };
    await kill();
    // The free port may have been taken in between: try another one.
    if (attempt >= 3 || !/Address already in use/.test(stderr)) {
      await rm(prefix, { recursive: true, force: true });
      throw new Error(`nginx did not start: ${stderr.trim() || "timeout"}`);
    }
  }
}
