// The build turns an imported .proto file into its protobufjs JSON descriptor (scripts/build.mjs).
declare module '*.proto' {
  import type { INamespace } from 'protobufjs';
  const descriptor: INamespace;
  export default descriptor;
}
