import { describe, expect, it } from 'vitest';
import { ZipCrcError } from '../../../../shared/files/errors.ts';
import { readExport, type FileSummary } from '../../../../shared/listening/export-reader.ts';
import type { Play } from '../../../../shared/listening/play.ts';
import { accountMusicRow, asAccountFile, asStreamingFile, episode, streamingRow } from '../../../../test/support/spotify-export.ts';
import { zipFiles } from '../../../../test/support/zip-writer.ts';
import { bundleFiles } from './bundle-files.ts';

async function read(blob: Blob) {
  const files: FileSummary[] = [];
  const plays: Play[] = [];
  for await (const event of readExport(new Uint8Array(await blob.arrayBuffer()), { now: Date.parse('2026-11-28T12:00:00Z') })) {
    if (event.type === 'plays') plays.push(...event.plays);
    else files.push(event.summary);
  }
  return { files, plays };
}

describe('bundleFiles', () => {
  it('sends several picked files as one ZIP the importer reads, names kept unique, a ZIP among them opened in place', async () => {
    const music = asAccountFile([accountMusicRow('2024-03-05 18:04', 'The Quiet Tides', 'Harbour Lights', 201_000)]);
    const extended = zipFiles([{ name: 'Spotify Extended Streaming History/Streaming_History_Audio_2024.json', data: asStreamingFile([streamingRow({ ts: '2024-03-05T19:30:00Z', ...episode() })]) }]);
    const picked = [
      new File([music], 'StreamingHistory_music_0.json', { type: 'application/json' }),
      new File([asAccountFile([accountMusicRow('2024-03-06 08:00', 'Vela', 'Salt', 40_000)])], 'StreamingHistory_music_0.json'),
      new File([new Uint8Array(extended)], 'my_spotify_data.zip', { type: 'application/zip' }),
      new File([], 'empty.json'),
      new File(['[]'], 'Ünïcode name.json'),
    ];
    const blob = await bundleFiles(picked);
    expect(blob.type).toBe('application/zip');
    // The files as they are, stored: each adds only its two headers (30 and 46 bytes and its name twice), and the end record.
    const names = ['StreamingHistory_music_0.json', 'StreamingHistory_music_0 (2).json', 'my_spotify_data.zip', 'empty.json', 'Ünïcode name.json'];
    expect(blob.size).toBe(picked.reduce((sum, f) => sum + f.size, 0) + names.reduce((sum, n) => sum + 76 + 2 * Buffer.byteLength(n), 0) + 22);
    const { files, plays } = await read(blob);
    expect(files.map((f) => [f.name, f.status, f.plays])).toEqual([
      ['StreamingHistory_music_0.json', 'read', 1],
      ['StreamingHistory_music_0 (2).json', 'read', 1],
      ['my_spotify_data.zip/Spotify Extended Streaming History/Streaming_History_Audio_2024.json', 'read', 1],
      ['empty.json', 'not-spotify', 0],
      ['Ünïcode name.json', 'empty', 0],
    ]);
    expect(plays.map((p) => [p.source, p.kind])).toEqual([
      ['account', 'track'],
      ['account', 'track'],
      ['extended', 'episode'],
    ]);
  });

  it('writes each file’s CRC-32, which the importer checks', async () => {
    const text = asStreamingFile([streamingRow()]);
    const blob = await bundleFiles([new File([text], 'a.json')]);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    // A byte of the file changed after the CRC was taken: the importer refuses the archive.
    const at = 30 + 'a.json'.length + text.indexOf('Harbour');
    bytes[at] = bytes[at]! ^ 0x01;
    await expect(read(new Blob([bytes]))).rejects.toThrow(ZipCrcError);
  });
});
