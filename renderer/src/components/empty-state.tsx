import type { ReactNode } from 'react';

/** A friendly "nothing here yet" box that says what to do next. */
export function EmptyState({
  title,
  children,
}: {
  readonly title: string;
  readonly children?: ReactNode;
}): ReactNode {
  return (
    <div className="empty-state">
      <p className="empty-title">{title}</p>
      {children !== undefined && <div className="empty-body">{children}</div>}
    </div>
  );
}
