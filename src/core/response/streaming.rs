//! Where a streaming job's server listens, once the job has reported it.
//!
//! The job object carries `streaming_server_cert`, `streaming_server_address` and
//! `streaming_server_port`, empty (`""`, `0` or `null`) until the server is up; the
//! `streaming_ready` status entry carries the same three in `metadata.streaming_details`.
//! Either source counts, so a facilitator that fills only one of them still works.

use serde_json::Value;

use super::{JobRecord, JobStatus};

/// The executor's TLS server of a streaming job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamingServer {
    /// PEM certificate the server presents; clients trust exactly this one.
    pub cert: String,
    /// IP address (the certificate's IP SAN) or host name.
    pub address: String,
    pub port: u16,
}

impl JobRecord {
    /// The streaming server, when the job's fields or its `streaming_ready` entry name all
    /// three of certificate, address and port; `None` before that (and for other jobs).
    pub fn streaming_server(&self) -> Option<StreamingServer> {
        let from_fields = || {
            let port = self.streaming_server_port.as_deref()?.parse().ok()?;
            complete(self.streaming_server_cert.as_deref()?, self.streaming_server_address.as_deref()?, port)
        };
        from_fields().or_else(|| {
            self.status_history
                .iter()
                .rev()
                .filter(|entry| entry.status == JobStatus::StreamingReady)
                .find_map(|entry| from_metadata(&entry.metadata))
        })
    }
}

fn from_metadata(metadata: &Value) -> Option<StreamingServer> {
    let details = metadata.get("streaming_details")?;
    let port = match details.get("streaming_server_port")? {
        Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok())?,
        Value::String(s) => s.parse().ok()?,
        _ => return None,
    };
    complete(
        details.get("streaming_server_cert")?.as_str()?,
        details.get("streaming_server_address")?.as_str()?,
        port,
    )
}

/// Empty values mean "not yet".
fn complete(cert: &str, address: &str, port: u16) -> Option<StreamingServer> {
    (!cert.is_empty() && !address.is_empty() && port != 0).then(|| StreamingServer {
        cert: cert.to_string(),
        address: address.to_string(),
        port,
    })
}

#[cfg(test)]
mod tests {
    use super::super::parse_job;
    use super::*;

    const CERT: &str = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    fn job(fields: &str, ready_metadata: &str) -> JobRecord {
        let text = format!(
            r#"{{"uuid": "u", "executor_class": "c", "created_at": "2025-01-01T00:00:00Z",
               "docker_image": "i", "args": [], "env": {{}}, "stdout": "", {fields}
               "status_history": [
                 {{"status": "accepted", "created_at": "2025-01-01T00:00:00Z", "metadata": null}},
                 {{"status": "streaming_ready", "created_at": "2025-01-01T00:00:01Z", "metadata": {ready_metadata}}},
                 {{"status": "volumes_ready", "created_at": "2025-01-01T00:00:02Z", "metadata": null}}]}}"#
        );
        match parse_job(&text) {
            Ok(record) => record,
            Err(error) => panic!("test body does not parse: {error}"),
        }
    }

    fn server(port: u16) -> Option<StreamingServer> {
        Some(StreamingServer { cert: CERT.into(), address: "192.0.2.1".into(), port })
    }

    #[test]
    fn job_fields_name_the_server() {
        let fields = format!(r#""streaming_server_cert": {CERT:?}, "streaming_server_address": "192.0.2.1", "streaming_server_port": "8443","#);
        assert_eq!(job(&fields, "null").streaming_server(), server(8443));
    }

    #[test]
    fn the_streaming_ready_entry_names_it_when_the_fields_are_empty() {
        let fields = r#""streaming_server_cert": "", "streaming_server_address": "", "streaming_server_port": 0,"#;
        let metadata = format!(
            r#"{{"streaming_details": {{"streaming_server_cert": {CERT:?}, "streaming_server_address": "192.0.2.1", "streaming_server_port": 9000}}}}"#
        );
        assert_eq!(job(fields, &metadata).streaming_server(), server(9000));
    }

    #[test]
    fn empty_or_partial_details_are_not_a_server() {
        let fields = r#""streaming_server_cert": "", "streaming_server_address": null, "streaming_server_port": 0,"#;
        assert_eq!(job(fields, "null").streaming_server(), None);
        let no_port = format!(r#"{{"streaming_details": {{"streaming_server_cert": {CERT:?}, "streaming_server_address": "192.0.2.1", "streaming_server_port": null}}}}"#);
        assert_eq!(job(fields, &no_port).streaming_server(), None);
        let bad_port = format!(r#"{{"streaming_details": {{"streaming_server_cert": {CERT:?}, "streaming_server_address": "192.0.2.1", "streaming_server_port": 70000}}}}"#);
        assert_eq!(job(fields, &bad_port).streaming_server(), None);
    }
}
