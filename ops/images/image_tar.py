#!/usr/bin/env python3
"""Image tarballs in the `docker save` format (docker-archive), with no Docker daemon.

  image_tar.py assemble OUT.tar --tag NAME:TAG [--env K=V]... [--label K=V]... [--user U] LAYER.tar...
      Writes an image from uncompressed layer tars (lowest first): manifest.json, the config and the
      layers gzipped. Jib reads it as a base image (`tar:///path/OUT.tar`); `docker load -i` loads it.
  image_tar.py verify IMAGE.tar --tag NAME:TAG [--main-class C] [--port P] [--user U]
      Checks an image tar: the manifest, every layer against the config's diff_ids, and the config
      (entrypoint, user, exposed port). Prints a summary; exits 1 with the reasons when it is wrong.
  image_tar.py layers IMAGE.tar          the layer paths inside the tar, lowest first, one a line
  image_tar.py run-spec IMAGE.tar        the entrypoint + cmd (NUL-separated), then a NUL line, then Env

Only the standard library: it runs wherever python3 does (CI, a developer's machine).
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import sys
import tarfile
import time

CHUNK = 1 << 20


def _tar_member(out, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 0
    info.mode = 0o644
    out.addfile(info, io.BytesIO(data))


def assemble(args):
    created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", time.time()))))
    tmp = args.out + ".partial"
    diff_ids, layer_names = [], []
    with tarfile.open(tmp, "w", format=tarfile.PAX_FORMAT) as out:
        for index, layer in enumerate(args.layers):
            # diff_id is the digest of the uncompressed layer; the gzip stream (mtime 0, no name) is the
            # same for the same layer, so an unchanged layer keeps its blob digest.
            uncompressed = hashlib.sha256()
            gz_path = f"{layer}.gz"
            with open(layer, "rb") as src, open(gz_path, "wb") as raw:
                with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz:
                    while chunk := src.read(CHUNK):
                        uncompressed.update(chunk)
                        gz.write(chunk)
            diff_id = "sha256:" + uncompressed.hexdigest()
            name = f"layers/{index}-{uncompressed.hexdigest()[:12]}.tar.gz"
            out.add(gz_path, arcname=name, filter=_normalized)
            os.remove(gz_path)
            diff_ids.append(diff_id)
            layer_names.append(name)

        config = {
            "architecture": args.architecture,
            "os": "linux",
            "created": created,
            "config": {
                "Env": args.env,
                "Labels": dict(kv.split("=", 1) for kv in args.label),
                "User": args.user,
                "WorkingDir": "/",
            },
            "rootfs": {"type": "layers", "diff_ids": diff_ids},
            "history": [{"created": created, "created_by": f"ops/images: {os.path.basename(l)}"} for l in args.layers],
        }
        config_bytes = json.dumps(config, indent=2, sort_keys=True).encode()
        config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
        _tar_member(out, config_name, config_bytes)
        manifest = [{"Config": config_name, "RepoTags": [args.tag], "Layers": layer_names}]
        _tar_member(out, "manifest.json", json.dumps(manifest, indent=2).encode())
    os.replace(tmp, args.out)
    print(f"{args.out}: {args.tag}, {len(diff_ids)} layers, {os.path.getsize(args.out) / 1e6:.1f} MB")


def _normalized(info):
    info.mtime, info.uid, info.gid, info.uname, info.gname, info.mode = 0, 0, 0, "", "", 0o644
    return info


def _read(image, name):
    member = image.getmember(name)
    return image.extractfile(member).read()


def _manifest_and_config(image):
    manifest = json.loads(_read(image, "manifest.json"))
    if len(manifest) != 1:
        raise ValueError(f"manifest.json lists {len(manifest)} images, expected 1")
    entry = manifest[0]
    return entry, json.loads(_read(image, entry["Config"]))


def _layer_digest(image, name):
    """sha256 of a layer's uncompressed tar, gzipped in the image or not."""
    stream = image.extractfile(image.getmember(name))
    head = stream.read(2)
    stream.seek(0)
    if head == b"\x1f\x8b":
        stream = gzip.GzipFile(fileobj=stream)
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return "sha256:" + digest.hexdigest()


def verify(args):
    problems = []
    with tarfile.open(args.image) as image:
        entry, config = _manifest_and_config(image)
        layers = entry.get("Layers", [])
        diff_ids = config.get("rootfs", {}).get("diff_ids", [])
        if entry.get("RepoTags") != [args.tag]:
            problems.append(f"tag is {entry.get('RepoTags')}, expected [{args.tag!r}]")
        if not layers or len(layers) != len(diff_ids):
            problems.append(f"{len(layers)} layers in manifest.json but {len(diff_ids)} diff_ids in the config")
        for name, expected in zip(layers, diff_ids):
            actual = _layer_digest(image, name)
            if actual != expected:
                problems.append(f"layer {name} is {actual}, the config says {expected}")
        container = config.get("config", {})
        entrypoint = (container.get("Entrypoint") or []) + (container.get("Cmd") or [])
        if args.main_class:
            if not entrypoint or entrypoint[0] != "java" or args.main_class not in entrypoint:
                problems.append(f"entrypoint {entrypoint} does not run java ... {args.main_class}")
        if args.user and container.get("User") != args.user:
            problems.append(f"user is {container.get('User')!r}, expected {args.user!r}")
        if args.port and f"{args.port}/tcp" not in (container.get("ExposedPorts") or {}):
            problems.append(f"exposed ports are {sorted(container.get('ExposedPorts') or {})}, expected {args.port}/tcp")
        if config.get("os") != "linux":
            problems.append(f"os is {config.get('os')!r}")
    if problems:
        for problem in problems:
            print(f"{args.image}: {problem}", file=sys.stderr)
        sys.exit(1)
    size = os.path.getsize(args.image) / 1e6
    print(f"{args.image}: {args.tag}, {len(layers)} layers verified, {size:.1f} MB, user {container.get('User')}, "
          f"ports {sorted(container.get('ExposedPorts') or {})}, entrypoint {' '.join(entrypoint)}")


def layers(args):
    with tarfile.open(args.image) as image:
        entry, _ = _manifest_and_config(image)
        print("\n".join(entry["Layers"]))


def run_spec(args):
    with tarfile.open(args.image) as image:
        _, config = _manifest_and_config(image)
    container = config.get("config", {})
    command = (container.get("Entrypoint") or []) + (container.get("Cmd") or [])
    sys.stdout.write("\0".join(command) + "\0\0" + "\0".join(container.get("Env") or []) + "\0")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("assemble")
    p.add_argument("out")
    p.add_argument("layers", nargs="+")
    p.add_argument("--tag", required=True)
    p.add_argument("--env", action="append", default=[])
    p.add_argument("--label", action="append", default=[])
    p.add_argument("--user", default="")
    p.add_argument("--architecture", default="amd64")
    p.set_defaults(run=assemble)
    p = commands.add_parser("verify")
    p.add_argument("image")
    p.add_argument("--tag", required=True)
    p.add_argument("--main-class")
    p.add_argument("--port")
    p.add_argument("--user")
    p.set_defaults(run=verify)
    p = commands.add_parser("layers")
    p.add_argument("image")
    p.set_defaults(run=layers)
    p = commands.add_parser("run-spec")
    p.add_argument("image")
    p.set_defaults(run=run_spec)
    args = parser.parse_args()
    try:
        args.run(args)
    except (KeyError, ValueError, tarfile.TarError, OSError) as e:
        print(f"{getattr(args, 'image', getattr(args, 'out', ''))}: not a valid image tar: {e!r}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
