//! The API's OpenAPI 3.1 document, made from the handlers' annotations so it
//! cannot drift from them, and a reference page drawn from that document on
//! the server (nothing loads from outside the machine).

use axum::http::header;
use axum::response::{Html, IntoResponse};
use serde_json::Value;
use std::fmt::Write;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Pitlane integration API", version = "1", description = include_str!("docs/intro.md")),
    paths(
        super::this_key,
        super::vehicles::read,
        super::vehicles::put_one,
        super::vehicles::batch,
        super::repair_orders::record,
        super::recalls::issue,
        super::recalls::read,
        super::recalls::parts,
        super::recalls::add_vins,
        super::recalls::complete,
        super::bookings::day,
        super::bookings::step,
        super::cases::open,
        super::cases::message,
        super::cases::step,
        super::leads::create,
        super::leads::read,
        super::leads::stage,
        super::loyalty::purchase,
        super::callers::find,
        super::events::feed,
        super::webhooks::create,
        super::webhooks::list,
        super::webhooks::deliveries,
        super::webhooks::redeliver,
        super::webhooks::resume
    ),
    modifiers(&KeyScheme),
    tags(
        (name = "keys", description = "The calling key."),
        (name = "vehicles", description = "The sold-vehicle register: the cars the brand built, the dealer that holds \
            or sold each, and its buyer. Owners see their cars, warranty and recalls from it."),
        (name = "service", description = "The dealers' workshops: the day's bookings for the workshop system, and \
            closed repair orders, which join the owner's service history."),
        (name = "recalls", description = "Recalls and service campaigns the brand issues: by models or a VIN \
            list, the parts' arrival, and completion per car. Owners are told, see them on their cars, and book the \
            fix once the parts are in."),
        (name = "cases", description = "Feedback and complaints the call centre takes: opened for the caller, \
            answered and moved along as the agent who handled them, by the care console's own rules and SLA clocks."),
        (name = "leads", description = "Prospects met elsewhere (the hotline, the showroom, a campaign, a partner): \
            the same lead a request on the website makes, one per mobile and model while open, worked on the board."),
        (name = "loyalty", description = "The owners' points: purchases at a dealer earn them by the yuan, as \
            service visits do. Owners see each credit in their points history."),
        (name = "callers", description = "The call centre's screen pop: who is calling, from their mobile."),
        (name = "events", description = "What happened, in order, for systems that keep their own copy: read the \
            feed from the last cursor you kept, or subscribe a webhook and have each event pushed, signed."),
    )
)]
struct Document;

/// Keys are sent as `Authorization: Bearer <key>`.
struct KeyScheme;

impl Modify for KeyScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let bearer = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some(
                "A key from `server api-key create` or /admin/integrations: `pl_` and 40 letters and digits.",
            ))
            .build();
        components.add_security_scheme("key", SecurityScheme::Http(bearer));
    }
}

pub fn openapi() -> utoipa::openapi::OpenApi {
    Document::openapi()
}

pub async fn json() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], openapi().to_json().unwrap_or_default())
}

pub async fn style() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css"), (header::CACHE_CONTROL, "max-age=3600")], include_str!("docs/docs.css"))
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// The reference page: the introduction, each endpoint under its tag with
/// its scope, parameters, body and answers, then every schema's fields.
pub async fn page() -> Html<String> {
    let doc = serde_json::to_value(openapi()).unwrap_or_default();
    let mut html = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Pitlane integration API</title><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\
         <link rel=\"stylesheet\" href=\"/api/v1/docs.css\"></head><body><main>",
    );
    let info = &doc["info"];
    let _ = write!(html, "<h1>{} <small>v{}</small></h1>", esc(text(&info["title"])), esc(text(&info["version"])));
    html.push_str(&paragraphs(text(&info["description"])));
    html.push_str("<p><a href=\"/api/v1/openapi.json\">openapi.json</a> (OpenAPI 3.1)</p><nav><h2>Endpoints</h2><ul>");
    let operations = operations(&doc);
    for (method, path, op) in &operations {
        let _ = write!(
            html,
            "<li><a href=\"#{}\"><code>{} {}</code></a> {}</li>",
            anchor(method, path),
            method.to_uppercase(),
            esc(path),
            inline(text(&op["summary"]))
        );
    }
    html.push_str("</ul></nav>");
    for tag in doc["tags"].as_array().into_iter().flatten() {
        let name = text(&tag["name"]);
        let _ = write!(html, "<section><h2>{}</h2>{}", esc(name), paragraphs(text(&tag["description"])));
        for (method, path, op) in operations.iter().filter(|(_, _, op)| op["tags"][0].as_str() == Some(name)) {
            endpoint(&mut html, method, path, op);
        }
        html.push_str("</section>");
    }
    html.push_str("<section><h2>Schemas</h2>");
    for (name, schema) in doc["components"]["schemas"].as_object().into_iter().flatten() {
        schema_table(&mut html, name, schema);
    }
    html.push_str("</section></main></body></html>");
    Html(html)
}

fn operations(doc: &Value) -> Vec<(&'static str, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            if item[method].is_object() {
                found.push((method, path.clone(), item[method].clone()));
            }
        }
    }
    found
}

fn endpoint(html: &mut String, method: &str, path: &str, op: &Value) {
    let _ = write!(
        html,
        "<article id=\"{}\"><h3><code>{} {}</code></h3><p><strong>{}</strong></p>{}",
        anchor(method, path),
        method.to_uppercase(),
        esc(path),
        inline(text(&op["summary"])),
        paragraphs(text(&op["description"]))
    );
    let scopes: Vec<String> = op["security"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|requirement| requirement["key"].as_array().cloned().unwrap_or_default())
        .filter_map(|scope| scope.as_str().map(|s| format!("<code>{}</code>", esc(s))))
        .collect();
    let needs = if scopes.is_empty() { "any live key".to_owned() } else { scopes.join(", ") };
    let _ = write!(html, "<p>Key scope: {needs}</p>");
    if let Some(parameters) = op["parameters"].as_array().filter(|p| !p.is_empty()) {
        html.push_str("<table><caption>Parameters</caption><tr><th>name</th><th>in</th><th>description</th></tr>");
        for p in parameters {
            let _ = write!(
                html,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                esc(text(&p["name"])),
                esc(text(&p["in"])),
                inline(text(&p["description"]))
            );
        }
        html.push_str("</table>");
    }
    if let Some(body) = op["requestBody"]["content"]["application/json"]["schema"].as_object() {
        let _ = write!(html, "<p>Body: {}</p>", type_of(&Value::Object(body.clone())));
    }
    html.push_str("<table><caption>Answers</caption><tr><th>status</th><th>meaning</th><th>body</th></tr>");
    for (status, answer) in op["responses"].as_object().into_iter().flatten() {
        let body = answer["content"]
            .as_object()
            .and_then(|content| content.iter().next())
            .map(|(media, c)| format!("{} <small>{}</small>", type_of(&c["schema"]), esc(media)))
            .unwrap_or_default();
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{body}</td></tr>",
            esc(status),
            inline(text(&answer["description"]))
        );
    }
    html.push_str("</table></article>");
}

fn schema_table(html: &mut String, name: &str, schema: &Value) {
    let _ =
        write!(html, "<article id=\"schema-{0}\"><h3>{0}</h3>{1}", esc(name), paragraphs(text(&schema["description"])));
    if let Some(values) = schema["enum"].as_array() {
        let values: Vec<String> = values.iter().map(|v| format!("<code>{}</code>", esc(&v.to_string()))).collect();
        let _ = write!(html, "<p>One of {}</p>", values.join(", "));
    }
    let required: Vec<&str> = schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    if let Some(properties) = schema["properties"].as_object() {
        html.push_str("<table><tr><th>field</th><th>type</th><th>description</th></tr>");
        // The fields a caller must send first.
        let mut fields: Vec<(&String, &Value)> = properties.iter().collect();
        fields.sort_by_key(|(field, _)| !required.contains(&field.as_str()));
        for (field, property) in fields {
            let need = if required.contains(&field.as_str()) { "" } else { " <small>optional</small>" };
            let example =
                property.get("example").map(|e| format!(" <small>e.g. <code>{}</code></small>", esc(&e.to_string())));
            let _ = write!(
                html,
                "<tr><td><code>{}</code>{need}</td><td>{}</td><td>{}{}</td></tr>",
                esc(field),
                type_of(property),
                inline(text(&property["description"])),
                example.unwrap_or_default()
            );
        }
        html.push_str("</table>");
    }
    html.push_str("</article>");
}

/// A schema's type as a reader wants it: a link to a named schema, `array of …`, or the JSON type.
fn type_of(schema: &Value) -> String {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        return format!("<a href=\"#schema-{0}\">{0}</a>", esc(name));
    }
    if let Some(choices) = schema["oneOf"].as_array().or_else(|| schema["anyOf"].as_array()) {
        return choices.iter().map(type_of).collect::<Vec<_>>().join(" or ");
    }
    let kinds: Vec<&str> = match &schema["type"] {
        Value::String(kind) => vec![kind.as_str()],
        Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    kinds
        .iter()
        .map(|kind| match *kind {
            "array" => format!("array of {}", type_of(&schema["items"])),
            other => esc(other),
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

fn anchor(method: &str, path: &str) -> String {
    format!("{method}-{}", path.trim_start_matches("/api/v1/").replace(['/', '{', '}', ':'], "-"))
}

/// Markdown-ish prose: blank lines part paragraphs.
fn paragraphs(prose: &str) -> String {
    prose.split("\n\n").filter(|p| !p.trim().is_empty()).map(|p| format!("<p>{}</p>", inline(p.trim()))).collect()
}

/// The two marks the descriptions use: `code` and **strong**.
fn inline(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in esc(text).split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
            continue;
        }
        for (j, run) in part.split("**").enumerate() {
            if j % 2 == 1 {
                let _ = write!(out, "<strong>{run}</strong>");
            } else {
                out.push_str(run);
            }
        }
    }
    out
}

fn esc(raw: &str) -> String {
    raw.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
