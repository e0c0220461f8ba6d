// The tool's name and version come from package.json, so the CLI, the report and the VSIX agree.
import pkg from '../../package.json';

export const TOOL_NAME = 'DeployLens';
export const TOOL_VERSION: string = pkg.version;
