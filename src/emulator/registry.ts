/** The emulated services, in routing order. A new service is its own folder (or file) plus one line here. */
import { alibabaAsmService } from "./alibaba/asm";
import { alibabaSaeService } from "./alibaba/sae";
import { huaweiApigService } from "./huawei/apig";
import { huaweiAsmService } from "./huawei/asm";
import type { ServiceFactory } from "./service";

export const SERVICES: readonly ServiceFactory[] = [
  huaweiApigService,
  huaweiAsmService,
  alibabaSaeService,
  alibabaAsmService,
];
