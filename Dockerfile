# syntax=docker/dockerfile:1
#
# loftgate in a container: a static binary on distroless.
#
#   docker build -t loftgate .
#   docker run --rm -v "$PWD:/work" loftgate run --report-dir reports
#
# The endpoint audit parses code with tree-sitter, a C library, so the build needs cgo; the
# binary is linked statically against glibc (netgo and osusergo keep DNS and user lookups in
# Go), so it runs on distroless/static.

ARG GO_VERSION=1.26.8

FROM golang:${GO_VERSION}-bookworm AS build
ARG VERSION=dev
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    set -eu; \
    CGO_ENABLED=1 go build -tags netgo,osusergo -trimpath \
      -ldflags "-s -w -X main.version=${VERSION} -linkmode external -extldflags -static" \
      -o /out/loftgate ./cmd/loftgate; \
    /out/loftgate --version

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/loftgate /loftgate
WORKDIR /work
USER nonroot:nonroot
ENTRYPOINT ["/loftgate"]
CMD ["--help"]
