// The Microsoft.VirtualMachineImages provider module (see imagebuilder/routes.ts).
export { routes } from './imagebuilder/routes.ts';
