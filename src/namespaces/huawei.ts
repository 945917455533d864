/** Huawei Cloud: `huawei.apig` (API Gateway) and `huawei.asm` (Application Service Mesh). */
export * as apig from "./huaweiApig";
export * as asm from "./huaweiAsm";
