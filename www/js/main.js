// Wires the four cards together around one connected ComputeHordeClient.
import { createConnectPanel } from "./connect.js";
import { createJobForm } from "./job-form.js";
import { createJobView } from "./job-view.js";
import { createJobsList } from "./jobs-list.js";

let session = null; // { client, address, mode, jobQueue } while connected

const view = createJobView(document.getElementById("job"), {
  onUpdate: (job) => list.updateJob(job),
});

const list = createJobsList(document.getElementById("jobs"), {
  getSession: () => session,
  currentUuid: () => view.current?.uuid ?? null,
  onOpen: (job) => view.show(job, { focus: true }),
});

createJobForm(document.getElementById("submit"), {
  getClient: () => session?.client ?? null,
  onCreated: async (job) => {
    view.show(job, { focus: true });
    await list.reload({ toFirstPage: true });
    list.markCurrent(job.uuid);
  },
});

createConnectPanel(document.getElementById("connect"), {
  onConnected: (next) => {
    session = next;
    document.body.dataset.connected = "true";
    list.reload({ toFirstPage: true });
  },
  onDisconnected: () => {
    session = null;
    delete document.body.dataset.connected;
    view.reset();
    list.reset();
  },
});

document.body.dataset.ready = "true";
