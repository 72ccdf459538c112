// Runs one session with basic-ftp (Node.js) with its verbose output on, for record_transcripts.py:
//   node basic_ftp_session.js HOST PORT USER PASSWORD [tls]
// A listing, a download, an upload, a rename and a delete, as lftp-SERVER-session.txt does. With "tls":
// explicit FTPS (AUTH TLS, PBSZ 0, PROT P), the test server's self-signed certificate accepted.
"use strict";
const ftp = require("basic-ftp");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { Readable } = require("stream");

async function main() {
    const [host, port, user, password, mode] = process.argv.slice(2);
    const client = new ftp.Client(10000);
    client.ftp.verbose = true;
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "ftpwire-basic-ftp-"));
    try {
        await client.access({
            host, port: Number(port), user, password,
            secure: mode === "tls", secureOptions: { rejectUnauthorized: false },
        });
        await client.list();
        await client.downloadTo(path.join(scratch, "hello.txt"), "hello.txt");
        await client.uploadFrom(Readable.from(["uploaded by basic-ftp\r\n"]), "upload/new.txt");
        await client.rename("upload/new.txt", "upload/renamed.txt");
        await client.remove("upload/renamed.txt");
    } catch (err) {
        console.log(`error: ${err.message}`);
    } finally {
        client.close();
        fs.rmSync(scratch, { recursive: true, force: true });
    }
}

main();
