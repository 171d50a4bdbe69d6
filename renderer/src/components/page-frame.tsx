import { useEffect, useRef, type ReactNode } from 'react';

/** A page: its heading (focused when the page opens, for keyboard and screen-reader users), intro and body. */
export function PageFrame({
  title,
  intro,
  children,
}: {
  readonly title: string;
  readonly intro: ReactNode;
  readonly children: ReactNode;
}): ReactNode {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, []);
  return (
    <div className="page">
      <h2 ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <p className="page-intro">{intro}</p>
      {children}
    </div>
  );
}
