using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Siprec.Server.Api;

/// <summary>
/// The OpenAPI 3.1 document of the HTTP API (<c>/api/...</c>, health and metrics), generated from the mapped endpoints and
/// served at <c>GET /openapi.json</c>. The API key's security schemes and the headers and query parameters the
/// endpoints read outside model binding are added from each endpoint's <see cref="ApiAccessRules"/>.
/// </summary>
public static class ApiDocument
{
    /// <summary>Where the document is served.</summary>
    public const string Path = "/openapi.json";

    /// <summary>Where the Prometheus metrics are served, and documented.</summary>
    public const string MetricsPath = "/metrics";

    private const string HeaderScheme = "apiKey";
    private const string QueryScheme = "apiKeyQuery";

    /// <summary>Registers the document's generator.</summary>
    public static void AddServices(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        // Only the document's schemas are made from CLR types; answers are written by hand with these same names.
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });
        services.AddOpenApi(o =>
        {
            o.ShouldInclude = d => IsDocumented(d.RelativePath);
            o.AddDocumentTransformer((document, context, _) =>
            {
                Describe(document);
                var endpoints = context.ApplicationServices.GetRequiredService<EndpointDataSource>();
                AddPlainEndpoints(document, endpoints);
                AddMetrics(document, endpoints);
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true)
                {
                    DescribeAccess(operation, context.Document!, context.Description);
                }

                return Task.CompletedTask;
            });
        });
    }

    /// <summary>Maps <c>GET /openapi.json</c>.</summary>
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapOpenApi(Path);
    }

    private static bool IsDocumented(string? relativePath) =>
        relativePath is { } path && (path.StartsWith("api/", StringComparison.Ordinal) || path.StartsWith("health", StringComparison.Ordinal));

    /// <summary>
    /// Endpoints mapped as plain request delegates carry no handler signature to describe; each still gets its path and
    /// method, so the document lists every documented route that is mapped.
    /// </summary>
    private static void AddPlainEndpoints(OpenApiDocument document, EndpointDataSource endpoints)
    {
        document.Paths ??= [];
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            var path = endpoint.RoutePattern.RawText;
            if (endpoint.Metadata.GetMetadata<MethodInfo>() is not null
                || endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods
                || path is null || !IsDocumented(path.TrimStart('/')) || document.Paths.ContainsKey(path))
            {
                continue;
            }

            var item = new OpenApiPathItem();
            foreach (var method in methods.HttpMethods)
            {
                item.AddOperation(HttpMethod.Parse(method), new OpenApiOperation { Responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = "OK" } } });
            }

            document.Paths.Add(path, item);
        }
    }

    /// <summary>
    /// The Prometheus exposition is mapped for every method, so no method metadata says what to document; scrapers
    /// use GET, which is what the document lists.
    /// </summary>
    private static void AddMetrics(OpenApiDocument document, EndpointDataSource endpoints)
    {
        if (!endpoints.Endpoints.OfType<RouteEndpoint>().Any(e => e.RoutePattern.RawText == MetricsPath))
        {
            return;
        }

        var text = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        var operation = new OpenApiOperation
        {
            OperationId = "metrics",
            Summary = "Prometheus metrics in the text exposition format",
            Responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = "OK", Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = text } } },
        };
        var item = new OpenApiPathItem();
        item.AddOperation(HttpMethod.Get, operation);
        document.Paths.TryAdd(MetricsPath, item);
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "SIPREC Recording Server API",
            Version = "1.0.0",
            Description = "Sessions, pause/resume control, recordings, live events and transcripts, and health of the SIPREC recording server. "
                + "When PAUSE_RESUME_REQUIRE_AUTH is true every /api request needs an X-API-Key header; the event stream also accepts the key "
                + "as the api_key query parameter because browsers cannot set headers on EventSource. Errors under /api are {\"error\": \"...\", \"code\": N}.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[HeaderScheme] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-API-Key" };
        document.Components.SecuritySchemes[QueryScheme] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Query, Name = "api_key" };
    }

    private static void DescribeAccess(OpenApiOperation operation, OpenApiDocument document, ApiDescription description)
    {
        var path = description.RelativePath!;
        var rules = description.ActionDescriptor.EndpointMetadata.OfType<ApiAccessRules>().FirstOrDefault();
        // An empty requirement too: with PAUSE_RESUME_REQUIRE_AUTH=false no key is needed.
        operation.Security = [Requirement(HeaderScheme, document), new OpenApiSecurityRequirement()];
        operation.Parameters ??= [];
        if (path.Contains("{id", StringComparison.Ordinal))
        {
            // Handlers take the id from the raw request target (see ApiKeyFilter), so no handler parameter describes it.
            operation.Parameters.Insert(0, new OpenApiParameter
            {
                Name = "id",
                In = ParameterLocation.Path,
                Required = true,
                Description = path.StartsWith("api/recordings", StringComparison.Ordinal)
                    ? "The recording's id, or the SIP Call-ID of its call. Percent-encode '/' as %2F."
                    : "The SIP Call-ID of the session, or its RFC 7865 recording session id. Percent-encode '/' as %2F.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = SessionIdRules.MaxLength },
            });
        }

        if (rules is { KeyInQuery: true })
        {
            operation.Security.Insert(1, Requirement(QueryScheme, document));
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "api_key",
                In = ParameterLocation.Query,
                Description = "The API key, for clients (EventSource) that cannot send headers.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        if (rules is { PauseControl: true } && description.HttpMethod == HttpMethods.Post)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Idempotency-Key",
                In = ParameterLocation.Header,
                Description = "Repeating a request with the same key returns the first result; idempotency_key in the body wins.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 128 },
            });
        }
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
}
