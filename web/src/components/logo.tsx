export function Logo() {
  return (
    <svg className="logo" width="22" height="22" viewBox="0 0 32 32" aria-hidden="true">
      <rect x="3" y="3" width="12" height="12" rx="3" fill="#39d353" />
      <rect x="17" y="3" width="12" height="12" rx="3" fill="#26a641" />
      <rect x="3" y="17" width="12" height="12" rx="3" fill="#006d32" />
      <rect x="17" y="17" width="12" height="12" rx="3" fill="#58a6ff" />
    </svg>
  );
}
