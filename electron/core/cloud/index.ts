export * from './acs3-signer';
export * from './cloud-api-error';
export * from './credentials';
export * from './oauth-app';
export * from './openapi-client';
export * from './secret-store';
export * from './server-discovery';
