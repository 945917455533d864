/** Alibaba Cloud: `alibaba.sae` (Serverless App Engine) and `alibaba.asm` (Service Mesh). */
export * as sae from "./alibabaSae";
export * as asm from "./alibabaAsm";
