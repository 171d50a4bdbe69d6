/** What the benchmark's nginx needs to know. */
export interface NginxConfigInput {
  /** Directory for pid, logs and temp files (the `-p` prefix). */
  readonly prefix: string;
  readonly listenPort: number;
  readonly upstreamPort: number;
  /** Access token added as `Authorization: Bearer <token>`, like MCP Gate does. */
  readonly token: string;
  /** `user` directive when nginx starts as root (workers would otherwise switch to nobody); null otherwise. */
  readonly user: string | null;
}

/**
 * nginx as the strongest general reverse proxy for this job: one worker (MCP Gate is one Node
 * process), upstream keep-alive, no buffering either way, the same Authorization header added.
 */
export function nginxConfig(input: NginxConfigInput): string {
  if (!/^[A-Za-z0-9._~+/=-]+$/.test(input.token)) {
    throw new Error('The access token has characters an nginx config string cannot hold as is.');
  }
  const p = input.prefix;
  return `${input.user === null ? '' : `user ${input.user};\n`}worker_processes 1;
pid ${p}/nginx.pid;
error_log ${p}/error.log warn;

events {
  worker_connections 4096;
}

http {
  access_log off;
  client_body_temp_path ${p}/client_body;
  proxy_temp_path ${p}/proxy;
  fastcgi_temp_path ${p}/fastcgi;
  uwsgi_temp_path ${p}/uwsgi;
  scgi_temp_path ${p}/scgi;

  upstream mcp_upstream {
    server 127.0.0.1:${input.upstreamPort};
    keepalive 64;
  }

  server {
    listen 127.0.0.1:${input.listenPort};

    location / {
      proxy_pass http://mcp_upstream;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "Bearer ${input.token}";
      proxy_buffering off;
      proxy_request_buffering off;
      proxy_read_timeout 1h;
    }
  }
}
`;
}
