/** The Alibaba Cloud sites MCP Gate knows, plus `custom` for any other deployment. */
export type SiteName = 'cn' | 'intl' | 'custom';

/** Endpoints of one site; `revokeUrl` is unverified upstream and may be overridden by AS metadata. */
export interface SiteEndpoints {
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string;
  readonly upstreamUrl: string;
}

/** The published endpoints of the China and international sites (DESIGN.md §2). */
export const SITES: Readonly<Record<'cn' | 'intl', SiteEndpoints>> = {
  cn: {
    authorizeUrl: 'https://signin.aliyun.com/oauth2/v1/auth',
    tokenUrl: 'https://oauth.aliyun.com/v1/token',
    revokeUrl: 'https://oauth.aliyun.com/v1/revoke',
    upstreamUrl: 'https://openapi-mcp.cn-hangzhou.aliyuncs.com',
  },
  intl: {
    authorizeUrl: 'https://signin.alibabacloud.com/oauth2/v1/auth',
    tokenUrl: 'https://oauth.alibabacloud.com/v1/token',
    revokeUrl: 'https://oauth.alibabacloud.com/v1/revoke',
    upstreamUrl: 'https://openapi-mcp.ap-southeast-1.aliyuncs.com',
  },
};

/** The OAuth scope of OpenAPI MCP servers. */
export const MCP_SCOPE = '/acs/mcp-server';
