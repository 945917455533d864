import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveAlibabaSettings, resolveEndpoint, resolveHuaweiSettings } from "../../src/core/settings";
import { InputError } from "../../src/core/errors";
import { PROJECT_ID as PROJECT } from "../support/fixtures";

const none = () => undefined;
const config = (values: Record<string, string>) => (key: string) => values[key];

describe("Huawei settings", () => {
  it("prefers stack config over the environment and keeps the secret key wrapped", () => {
    const s = resolveHuaweiSettings(
      config({
        huaweiRegion: "cn-north-4",
        huaweiProjectId: PROJECT,
        huaweiAccessKey: "AK-CONFIG",
        huaweiSecretKey: "sk-config-value",
      }),
      { HUAWEICLOUD_SDK_AK: "AK-ENV", HUAWEICLOUD_SDK_SK: "sk-env", HW_REGION_NAME: "ap-southeast-1" },
    );
    expect(s.region).toBe("cn-north-4");
    expect(s.auth).toMatchObject({ kind: "aksk", accessKey: "AK-CONFIG" });
    expect(JSON.stringify(s)).not.toContain("sk-config-value");
    expect(s.apigEndpoint).toBe("https://apig.cn-north-4.myhuaweicloud.com");
  });

  it("falls back to HUAWEICLOUD_SDK_* then HW_* variables, with a temporary token", () => {
    const s = resolveHuaweiSettings(none, {
      HW_ACCESS_KEY: "AK2",
      HW_SECRET_KEY: "sk-hw-two",
      HW_SECURITY_TOKEN: "tok-temporary",
      HW_REGION_NAME: "cn-south-1",
      HW_PROJECT_ID: PROJECT,
    });
    expect(s.auth).toMatchObject({ kind: "aksk", accessKey: "AK2" });
    expect(s.auth.kind === "aksk" && s.auth.securityToken?.reveal()).toBe("tok-temporary");
  });

  it("accepts an IAM token instead of keys", () => {
    const s = resolveHuaweiSettings(none, {
      HW_AUTH_TOKEN: "iam-token-value",
      HW_REGION_NAME: "cn-north-4",
      HW_PROJECT_ID: PROJECT,
    });
    expect(s.auth.kind).toBe("token");
  });

  it("lists every place it looked when credentials are missing", () => {
    const err = (() => {
      try {
        resolveHuaweiSettings(none, { HW_REGION_NAME: "cn-north-4", HW_PROJECT_ID: PROJECT });
      } catch (e) {
        return e as InputError;
      }
    })()!;
    expect(err).toBeInstanceOf(InputError);
    for (const place of [
      "canary-mesh:huaweiAccessKey",
      "HUAWEICLOUD_SDK_AK",
      "HW_ACCESS_KEY",
      "canary-mesh:huaweiSecretKey",
      "HUAWEICLOUD_SDK_SK",
      "HW_SECRET_KEY",
      "canary-mesh:huaweiAuthToken",
      "HW_AUTH_TOKEN",
    ]) {
      expect(err.message).toContain(place);
    }
  });

  it("rejects a project id that is not 32 hex characters, naming where it came from", () => {
    expect(() =>
      resolveHuaweiSettings(none, { HW_AUTH_TOKEN: "t", HW_REGION_NAME: "cn-north-4", HW_PROJECT_ID: "my-project" }),
    ).toThrow(/projectId: .*32-character.*HW_PROJECT_ID/);
  });
});

describe("Alibaba settings", () => {
  it("reads the environment, then an access_key profile file", () => {
    const s = resolveAlibabaSettings(none, {
      ALIBABA_CLOUD_ACCESS_KEY_ID: "id-env",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "secret-env-x",
      ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
    });
    expect(s.credentials.accessKeyId).toBe("id-env");
    expect(s.saeEndpoint).toBe("https://sae.cn-hangzhou.aliyuncs.com");
    expect(s.asmEndpoint).toBe("https://servicemesh.aliyuncs.com");

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "alicred-"));
    const file = path.join(dir, "credentials");
    fs.writeFileSync(
      file,
      "[default]\ntype = access_key\naccess_key_id = id-file\naccess_key_secret = secret-file-x\n[other]\naccess_key_id = nope\n",
    );
    const f = resolveAlibabaSettings(none, { ALIBABA_CLOUD_CREDENTIALS_FILE: file, ALICLOUD_REGION: "cn-beijing" });
    expect(f.credentials.accessKeyId).toBe("id-file");
    expect(f.credentials.accessKeySecret.reveal()).toBe("secret-file-x");
  });

  describe("the credentials file, read as the official @alicloud/credentials reads it", () => {
    // The official reader (it parses the file with `ini`) is the oracle for every case.
    const official = require("@alicloud/credentials/dist/src/provider/profile_credentials_provider.js").default as {
      getCredential(profile?: string): { accessKeyId?: string; accessKeySecret?: string; securityToken?: string };
    };
    const cases: Array<[string, string, string]> = [
      [
        "quoted values",
        "default",
        '[default]\ntype = access_key\naccess_key_id = "LTAIquoted"\naccess_key_secret = "s3cr3t-q"\n',
      ],
      [
        "inline comments",
        "default",
        "[default]\ntype = access_key ; the key pair\naccess_key_id = LTAIcomment # rotated\naccess_key_secret = s3cr3t-c ; old\n",
      ],
      [
        "an sts profile",
        "default",
        "[default]\ntype = sts\naccess_key_id = STS.id\naccess_key_secret = sts-secret\nsecurity_token = tok-123456\n",
      ],
      [
        "a named profile",
        "ci",
        "[default]\ntype = access_key\naccess_key_id = a\naccess_key_secret = b\n[ci]\ntype = access_key\naccess_key_id = ci-id\naccess_key_secret = ci-secret\n",
      ],
    ];

    it.each(cases)("%s", (_name, profile, text) => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "alicred-")), "credentials");
      fs.writeFileSync(file, text);
      const saved = process.env.ALIBABA_CLOUD_CREDENTIALS_FILE;
      process.env.ALIBABA_CLOUD_CREDENTIALS_FILE = file;
      let expected: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string };
      try {
        expected = official.getCredential(profile);
      } finally {
        if (saved === undefined) delete process.env.ALIBABA_CLOUD_CREDENTIALS_FILE;
        else process.env.ALIBABA_CLOUD_CREDENTIALS_FILE = saved;
      }
      const ours = resolveAlibabaSettings(none, {
        ALIBABA_CLOUD_CREDENTIALS_FILE: file,
        ALIBABA_CLOUD_PROFILE: profile,
        ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
      }).credentials;
      expect(expected.accessKeyId).toBeTruthy();
      expect({
        accessKeyId: ours.accessKeyId,
        accessKeySecret: ours.accessKeySecret.reveal(),
        securityToken: ours.securityToken?.reveal(),
      }).toEqual({
        accessKeyId: expected.accessKeyId,
        accessKeySecret: expected.accessKeySecret,
        securityToken: expected.securityToken || undefined, // the official reader reports "" for key pairs
      });
    });

    it("names a profile it cannot use (no type, or a role that needs an exchange)", () => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "alicred-")), "credentials");
      fs.writeFileSync(file, "[default]\naccess_key_id = x\naccess_key_secret = y\n");
      const env = { ALIBABA_CLOUD_CREDENTIALS_FILE: file, ALIBABA_CLOUD_REGION_ID: "cn-hangzhou" };
      expect(() => resolveAlibabaSettings(none, env)).toThrow(/not used: it has no type \(access_key or sts\)/);
      fs.writeFileSync(file, "[default]\ntype = ram_role_arn\nrole_arn = acs:ram::1:role/x\n");
      expect(() => resolveAlibabaSettings(none, env)).toThrow(/not used: its type is ram_role_arn/);
    });
  });

  it("lists every place it looked when credentials are missing", () => {
    expect(() =>
      resolveAlibabaSettings(none, {
        ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
        ALIBABA_CLOUD_CREDENTIALS_FILE: "/nonexistent",
      }),
    ).toThrow(/alibabaAccessKeyId.*ALIBABA_CLOUD_ACCESS_KEY_ID.*\/nonexistent/);
  });
});

describe("endpoints", () => {
  it("takes per-service config, then one config endpoint, then per-service and global environment", () => {
    const env = { CANARY_MESH_ENDPOINT: "http://127.0.0.1:1", CANARY_MESH_HUAWEI_ASM_ENDPOINT: "http://127.0.0.1:2" };
    expect(resolveEndpoint("huaweiApig", "cn-north-4", none, env)).toBe("http://127.0.0.1:1");
    expect(resolveEndpoint("huaweiAsm", "cn-north-4", none, env)).toBe("http://127.0.0.1:2");
    expect(resolveEndpoint("huaweiAsm", "cn-north-4", config({ endpoint: "https://gw.example.com" }), env)).toBe(
      "https://gw.example.com",
    );
    expect(
      resolveEndpoint(
        "huaweiAsm",
        "cn-north-4",
        config({ endpoints: JSON.stringify({ huaweiAsm: "https://asm.example.com/" }) }),
        env,
      ),
    ).toBe("https://asm.example.com");
  });

  it("allows plain http only to loopback", () => {
    expect(() =>
      resolveEndpoint("huaweiApig", "cn-north-4", none, { CANARY_MESH_ENDPOINT: "http://10.1.2.3:8080" }),
    ).toThrow(/loopback/);
    expect(resolveEndpoint("huaweiApig", "cn-north-4", none, { CANARY_MESH_ENDPOINT: "http://localhost:8080" })).toBe(
      "http://localhost:8080",
    );
  });
});
