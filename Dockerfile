# dipgraph server and loader. Build: docker build -t dipgraph .
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/dipgraph ./cmd/dipgraph

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/dipgraph /usr/local/bin/dipgraph
COPY fixtures /fixtures
WORKDIR /home/nonroot
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/dipgraph"]
CMD ["serve"]
