# Build: cgo is needed by the SQLite driver.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -tags sqlite_fts5 -trimpath -ldflags='-s -w' -o /out/streetfix ./cmd/streetfix

# Run: a small Debian with the C library the binary links against.
FROM debian:bookworm-slim
RUN useradd --system --home /var/lib/streetfix --create-home streetfix
COPY --from=build /out/streetfix /usr/local/bin/streetfix
USER streetfix
WORKDIR /var/lib/streetfix
ENV STREETFIX_ADDR=0.0.0.0:8080 \
    STREETFIX_DB=/var/lib/streetfix/streetfix.db
EXPOSE 8080
VOLUME ["/var/lib/streetfix"]
HEALTHCHECK --interval=30s --timeout=3s CMD ["/usr/local/bin/streetfix", "healthcheck", "--ready"]
ENTRYPOINT ["/usr/local/bin/streetfix"]
CMD ["serve"]
