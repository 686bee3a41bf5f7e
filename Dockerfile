# dipgraph server and loader. Build: docker build -t dipgraph .
# The playground's GraphiQL and React files, from the npm registry at the
# versions package-lock.json pins (server/playground/build.sh).
FROM node:22-bookworm-slim AS playground
WORKDIR /src/server/playground
COPY server/playground/ ./
RUN ./build.sh

FROM golang:1.26 AS build
WORKDIR /src
# go.mod's toolchain line names the patched Go release to build with.
ENV GOTOOLCHAIN=auto
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=playground /src/server/playground/assets/ server/playground/assets/
RUN CGO_ENABLED=0 go build -trimpath -o /out/dipgraph ./cmd/dipgraph

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/dipgraph /usr/local/bin/dipgraph
COPY fixtures /fixtures
WORKDIR /home/nonroot
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/dipgraph"]
CMD ["serve"]
