import { useEffect, useState } from 'react';

/**
 * A QR code drawn as one SVG path. The encoder (uqr, a few KB) is loaded the first time a code is
 * shown, so it stays out of the app's first load.
 */
export function QrCode({ text, label, size = 192 }: { text: string; label: string; size?: number }) {
  const [modules, setModules] = useState<boolean[][] | null>(null);
  useEffect(() => {
    let live = true;
    void import('uqr').then(({ encode }) => {
      if (live) setModules(encode(text, { ecc: 'M', border: 2 }).data);
    });
    return () => {
      live = false;
    };
  }, [text]);
  if (!modules) return <div className="qr qr--loading" style={{ width: size, height: size }} aria-busy="true" />;
  const n = modules.length;
  const path = modules.flatMap((row, y) => row.flatMap((dark, x) => (dark ? [`M${x} ${y}h1v1h-1z`] : []))).join('');
  return (
    <svg className="qr" role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${n} ${n}`} shapeRendering="crispEdges">
      <rect width={n} height={n} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
