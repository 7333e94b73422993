package io.corridor.supervisor.server.web;

/** The parts every page shares: the head (stylesheet, one deferred script, the CSRF token), the bar, the footer. */
final class Pages {
    private Pages() {}

    static void head(StringBuilder b, String title, String token, String script, String extra) {
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"csrf-token\" content=\"").append(Html.text(token)).append("\">\n")
                .append("<title>").append(Html.text(title)).append("</title>\n")
                .append("<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n")
                .append("<link rel=\"stylesheet\" href=\"/static/app.css\">\n")
                .append("<script src=\"/static/").append(script).append("\" defer></script>\n")
                .append(extra).append("</head>\n");
    }

    static void bar(StringBuilder b, String identification, String facts) {
        b.append("<header class=\"bar\">\n<a class=\"brand\" href=\"/\"><span class=\"logo\" aria-hidden=\"true\"></span>")
                .append("<span class=\"product\">corridor</span><span class=\"ident\" id=\"ident\">")
                .append(Html.text(identification)).append("</span></a>\n").append(facts).append("</header>\n");
    }

    static void footer(StringBuilder b, String version) {
        b.append("<footer>corridor-supervisor ").append(Html.text(version))
                .append(" · <a href=\"/api/v1/processes\">REST API</a> · <a href=\"/metrics\">metrics</a></footer>\n");
    }
}
