// Reads the GPS position from a JPEG photo's EXIF block, in the browser:
// the photo's place can become the report's point before anything is sent.
// (The server strips EXIF from the photos it keeps.)
'use strict';
(function () {
  function rational(v, off, le) {
    const den = v.getUint32(off + 4, le);
    return den ? v.getUint32(off, le) / den : NaN;
  }

  // gpsFromJPEG returns {lat, lon} or null.
  function gpsFromJPEG(buf) {
    const v = new DataView(buf);
    if (v.byteLength < 4 || v.getUint16(0) !== 0xffd8) return null;
    let off = 2;
    while (off + 4 <= v.byteLength) {
      const marker = v.getUint16(off);
      const len = v.getUint16(off + 2);
      if ((marker & 0xff00) !== 0xff00) return null;
      if (marker === 0xffe1 && off + 10 <= v.byteLength && v.getUint32(off + 4) === 0x45786966) { // "Exif"
        return fromTIFF(v, off + 10, Math.min(v.byteLength, off + 2 + len));
      }
      if (marker === 0xffda) return null; // image data: no EXIF before it
      off += 2 + len;
    }
    return null;
  }

  function fromTIFF(v, start, end) {
    if (start + 8 > end) return null;
    const order = v.getUint16(start);
    if (order !== 0x4949 && order !== 0x4d4d) return null;
    const le = order === 0x4949;
    const entries = (ifd) => {
      const at = start + ifd;
      if (at + 2 > end) return [];
      const n = v.getUint16(at, le);
      const out = [];
      for (let i = 0; i < n; i++) {
        const e = at + 2 + i * 12;
        if (e + 12 > end) break;
        out.push({ tag: v.getUint16(e, le), type: v.getUint16(e + 2, le), count: v.getUint32(e + 4, le), value: e + 8 });
      }
      return out;
    };
    const gpsPtr = entries(v.getUint32(start + 4, le)).find((e) => e.tag === 0x8825);
    if (!gpsPtr) return null;
    const gps = {};
    for (const e of entries(v.getUint32(gpsPtr.value, le))) {
      if (e.tag === 1 || e.tag === 3) gps[e.tag] = String.fromCharCode(v.getUint8(e.value));
      if ((e.tag === 2 || e.tag === 4) && e.type === 5 && e.count === 3) {
        const p = start + v.getUint32(e.value, le);
        if (p + 24 > end) return null;
        gps[e.tag] = rational(v, p, le) + rational(v, p + 8, le) / 60 + rational(v, p + 16, le) / 3600;
      }
    }
    if (!(2 in gps) || !(4 in gps) || !isFinite(gps[2]) || !isFinite(gps[4])) return null;
    const lat = gps[1] === 'S' ? -gps[2] : gps[2];
    const lon = gps[3] === 'W' ? -gps[4] : gps[4];
    if (Math.abs(lat) > 90 || Math.abs(lon) > 180 || (lat === 0 && lon === 0)) return null;
    return { lat, lon };
  }

  // exifGPS reads the first 256 KiB of a file, where EXIF lives.
  window.Streetfix.exifGPS = (file) => file.slice(0, 262144).arrayBuffer().then(gpsFromJPEG).catch(() => null);
})();
