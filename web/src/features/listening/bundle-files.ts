/**
 * Several files picked at once (history JSON files from a folder Spotify's ZIP was unpacked into,
 * or Spotify's ZIPs of account data and extended history) go to the server as **one** import: a
 * ZIP made here, its files stored as they are (no compression: they are sent once, and a ZIP
 * inside it is opened by the importer in place). One import rather than several, because imports
 * of one user write plays one at a time and a second would wait for the first.
 *
 * The archive is a Blob made of the files themselves and small headers: nothing is copied, and
 * each file is read once, as a stream, for its CRC-32.
 */

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
/** Names are UTF-8. */
const FLAG_UTF8 = 0x800;
/** 1980-01-01 00:00 in DOS date and time: the files' dates do not matter to the importer. */
const DOS_DATE = 0x21;
const DOS_TIME = 0;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The CRC-32 of a file, read as a stream (a file of hundreds of MB is never held whole). */
async function crc32Of(file: Blob): Promise<number> {
  let crc = 0xffffffff;
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (let i = 0; i < value.length; i++) crc = CRC_TABLE[(crc ^ value[i]!) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Names unique within the archive (the importer refuses an archive with two files of one name): `a.json`, `a (2).json`. */
function uniqueNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}

function header(size: number, fill: (view: DataView) => void): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  fill(new DataView(bytes.buffer));
  return bytes;
}

/**
 * A stored ZIP of `files`, in the order given, each under its own name (made unique). For uploads
 * well under 4 GiB (the export cap is 500 MiB): no ZIP64.
 */
export async function bundleFiles(files: readonly File[]): Promise<Blob> {
  const encoder = new TextEncoder();
  const names = uniqueNames(files.map((f) => f.name || 'file'));
  const parts: BlobPart[] = [];
  const centrals: Uint8Array<ArrayBuffer>[] = [];
  let offset = 0;
  for (const [i, file] of files.entries()) {
    const name = encoder.encode(names[i]);
    const crc = await crc32Of(file);
    const common = (view: DataView, at: number) => {
      view.setUint16(at, 10, true); // version needed: 1.0, stored
      view.setUint16(at + 2, FLAG_UTF8, true);
      view.setUint16(at + 4, 0, true); // stored
      view.setUint16(at + 6, DOS_TIME, true);
      view.setUint16(at + 8, DOS_DATE, true);
      view.setUint32(at + 10, crc, true);
      view.setUint32(at + 14, file.size, true);
      view.setUint32(at + 18, file.size, true);
      view.setUint16(at + 22, name.length, true);
    };
    const local = header(30 + name.length, (view) => {
      view.setUint32(0, SIG_LOCAL, true);
      common(view, 4);
    });
    local.set(name, 30);
    centrals.push(
      (() => {
        const central = header(46 + name.length, (view) => {
          view.setUint32(0, SIG_CENTRAL, true);
          view.setUint16(4, 20, true); // made by: 2.0
          common(view, 6);
          view.setUint32(42, offset, true);
        });
        central.set(name, 46);
        return central;
      })(),
    );
    parts.push(local, file);
    offset += local.length + file.size;
  }
  const directorySize = centrals.reduce((sum, c) => sum + c.length, 0);
  const end = header(22, (view) => {
    view.setUint32(0, SIG_END, true);
    view.setUint16(8, files.length, true);
    view.setUint16(10, files.length, true);
    view.setUint32(12, directorySize, true);
    view.setUint32(16, offset, true);
  });
  return new Blob([...parts, ...centrals, end], { type: 'application/zip' });
}
