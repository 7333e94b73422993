# The Corridor components under corridor-supervisord as one Nomad task (docs/operations.md, "Containers,
# Kubernetes, Nomad"). Image: share/containers/Containerfile. The tokens file (NAME ROLE TOKEN per line) comes
# from the Nomad variable nomad/jobs/corridor-supervisor, key "tokens". kill_timeout covers the ordered stop: per
# priority level the longest stopwaitsecs (share/containers/corridor-components.conf: 10 + 60 + 10 = 80 s) plus a
# margin; Nomad sends SIGTERM (kill_signal) to PID 1, which stops the programs in reverse priority.
job "corridor-supervisor" {
  type = "service"

  group "corridor" {
    count = 1

    network {
      port "control" {
        to = 9001
      }
    }

    service {
      name     = "corridor-supervisor"
      port     = "control"
      provider = "nomad"

      check {
        name     = "healthz"
        type     = "http"
        path     = "/healthz"
        interval = "10s"
        timeout  = "2s"
      }

      check {
        name     = "readyz"
        type     = "http"
        path     = "/readyz"
        interval = "5s"
        timeout  = "2s"
      }
    }

    task "corridor" {
      driver       = "docker"
      kill_signal  = "SIGTERM"
      kill_timeout = "100s"

      config {
        image   = "registry.example.internal/corridor-supervised:2.4"
        ports   = ["control"]
        volumes = ["secrets/tokens:/opt/corridor-supervisor/etc/secrets/tokens"]
      }

      env {
        CORRIDOR_HTTP_PORT = "9001"
      }

      template {
        data        = "{{ with nomadVar \"nomad/jobs/corridor-supervisor\" }}{{ .tokens }}{{ end }}"
        destination = "secrets/tokens"
        perms       = "600"
      }

      resources {
        cpu    = 500
        memory = 1024
      }
    }
  }
}
