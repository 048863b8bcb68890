# syntax=docker/dockerfile:1
#
# loftgate in a container: a static binary on distroless.
#
#   docker build -t loftgate .
#   docker run --rm -v "$PWD:/work" loftgate run --report-dir reports
#
# CGO is off by default. The endpoint audit may later need cgo (tree-sitter); build with
#   docker build --build-arg CGO_ENABLED=1 -t loftgate .
# and the binary is linked statically against glibc, so the same final stage serves both.

ARG GO_VERSION=1.26.8

FROM golang:${GO_VERSION}-bookworm AS build
ARG CGO_ENABLED=0
ARG VERSION=dev
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
# netgo and osusergo keep DNS and user lookups in Go, so a static cgo binary needs no glibc NSS.
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    set -eu; \
    ldflags="-s -w -X main.version=${VERSION}"; \
    if [ "${CGO_ENABLED}" = "1" ]; then ldflags="${ldflags} -linkmode external -extldflags -static"; fi; \
    CGO_ENABLED="${CGO_ENABLED}" go build -tags netgo,osusergo -trimpath -ldflags "${ldflags}" \
      -o /out/loftgate ./cmd/loftgate; \
    /out/loftgate --version

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/loftgate /loftgate
WORKDIR /work
USER nonroot:nonroot
ENTRYPOINT ["/loftgate"]
CMD ["--help"]
