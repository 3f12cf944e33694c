import { describe, expect, it } from 'vitest';
import { identityNames, itemId, normalizeName, platformFamily } from './play.ts';

describe('itemId (records without a URI)', () => {
  it('is a hash of artist, track and album for tracks: stable, and blind to case, spacing and Unicode form', () => {
    const id = itemId({ item: 'track', artistName: 'Sigur Rós', trackName: 'Hoppípolla', albumName: 'Takk...' });
    expect(id).toMatch(/^mosaic:track:[A-Za-z0-9_-]{22}$/);
    expect(itemId({ item: 'track', artistName: '  sigur  ro\u0301s ', trackName: 'HOPPÍPOLLA', albumName: 'takk...' })).toBe(id);
    expect(itemId({ item: 'track', artistName: 'Sigur Rós', trackName: 'Hoppípolla', albumName: 'Takk... (Deluxe)' })).not.toBe(id);
    expect(itemId({ item: 'track', artistName: 'Sigur Rós', trackName: 'Hoppípolla' })).not.toBe(id);
  });

  it('is defined for episodes (show, episode) and audiobooks (audiobook, chapter, author), and differs by item type', () => {
    const episode = itemId({ item: 'episode', showName: 'Coastal Notes', episodeName: 'Tides' });
    const track = itemId({ item: 'track', artistName: 'Coastal Notes', trackName: 'Tides' });
    expect(episode).toMatch(/^mosaic:episode:/);
    expect(episode).not.toBe(track);
    const book = itemId({ item: 'audiobook', audiobookName: 'The Lighthouse Keeper', chapterName: 'Chapter 3', authorName: 'A. Writer' });
    expect(book).toMatch(/^mosaic:audiobook:/);
    expect(itemId({ item: 'audiobook', audiobookName: 'The Lighthouse Keeper', chapterName: 'Chapter 4', authorName: 'A. Writer' })).not.toBe(book);
    expect(itemId({ item: 'unknown' })).toBe('mosaic:unknown');
  });

  it('keeps the field boundaries: moving text between fields changes the id', () => {
    expect(itemId({ item: 'track', artistName: 'A B', trackName: 'C' })).not.toBe(itemId({ item: 'track', artistName: 'A', trackName: 'B C' }));
  });
});

describe('identityNames', () => {
  it('uses the names every source has: no album (account data has none)', () => {
    expect(identityNames({ item: 'track', artistName: 'X', trackName: 'Y' })).toBe(identityNames({ item: 'track', artistName: 'x ', trackName: 'y' }));
    expect(identityNames({ item: 'unknown' })).toBeUndefined();
    expect(normalizeName(' A\u00A0\tB ')).toBe('a b');
  });
});

describe('platformFamily', () => {
  it('reduces platform strings to a family, dropping OS builds, makers and device models', () => {
    const cases: Array<[string, string]> = [
      ['Android OS 12 API 31 (samsung, SM-G781U)', 'android'],
      ['android', 'android'],
      ['iOS 14.4.2 (iPhone10,3)', 'ios'],
      ['ios', 'ios'],
      ['Windows 10 (10.0.18362; x64; AppX)', 'windows'],
      ['web_player windows 10;chrome 76.0.3809.132;desktop', 'web'],
      ['OS X 10.15.7 [x86 8]', 'macos'],
      ['osx', 'macos'],
      ['linux', 'linux'],
      ['Partner google cast_tv;Chromecast;;', 'tv'],
      ['Partner android_tv Sony;BRAVIA 4K GB;', 'tv'],
      ['Partner sonos_ppc Sonos;Play:1;', 'speaker'],
      ['Partner amazon_salmon Amazon;Echo Dot;', 'speaker'],
      ['Android-tablet OS 9 API 28 (Volvo Cars, IHU)', 'car'],
      ['PlayStation 5', 'console'],
      ['unknown', 'unknown'],
      ['', 'unknown'],
      ['Symbian S60', 'other'],
    ];
    for (const [raw, family] of cases) expect([raw, platformFamily(raw)]).toEqual([raw, family]);
  });
});
