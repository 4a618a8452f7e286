using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Siprec.Server.Api;

/// <summary>
/// Splits a raw request target into percent-decoded path segments. The raw target is used because the server
/// leaves <c>%2F</c> encoded in the decoded path, while an id may legitimately contain <c>/</c>; <c>+</c> is kept as is.
/// </summary>
public static class ApiPath
{
    /// <summary>The error message for a request target that is not valid percent-encoding or UTF-8.</summary>
    public const string BadEncodingMessage = "invalid request path: bad percent-encoding";

    private const string IdParameter = "id";

    /// <summary>The request target as the client sent it, before the server decoded and normalized it.</summary>
    public static string RawTargetOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
    }

    /// <summary>The error message for a path no route answers.</summary>
    public static string NotFoundMessage(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return "not found: " + context.Request.Path.Value;
    }

    /// <summary>
    /// True when <paramref name="segments"/> has the shape of <paramref name="pattern"/>: as many segments, each literal
    /// equal (case-sensitive); <paramref name="id"/> is the segment in the place of the <c>{id}</c> parameter, if any.
    /// </summary>
    public static bool TryMatch(RoutePattern pattern, IReadOnlyList<string> segments, out string? id)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(segments);
        id = null;
        if (pattern.PathSegments.Count != segments.Count)
        {
            return false;
        }

        for (var i = 0; i < segments.Count; i++)
        {
            switch (pattern.PathSegments[i].Parts)
            {
                case [RoutePatternLiteralPart literal] when !string.Equals(literal.Content, segments[i], StringComparison.Ordinal):
                    return false;
                case [RoutePatternParameterPart { Name: IdParameter }]:
                    id = segments[i];
                    break;
            }
        }

        return true;
    }

    /// <summary>Decodes the path part of <paramref name="rawTarget"/>; false when a segment is not valid percent-encoding or UTF-8.</summary>
    public static bool TrySplit(string rawTarget, out IReadOnlyList<string> segments)
    {
        ArgumentNullException.ThrowIfNull(rawTarget);
        var query = rawTarget.IndexOfAny(['?', '#']);
        var path = query >= 0 ? rawTarget[..query] : rawTarget;
        if (Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            path = absolute.AbsolutePath;
        }

        var result = new List<string>();
        foreach (var raw in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryDecode(raw, out var decoded))
            {
                segments = [];
                return false;
            }

            result.Add(decoded);
        }

        segments = result;
        return true;
    }

    private static bool TryDecode(string raw, out string decoded)
    {
        decoded = raw;
        if (!raw.Contains('%', StringComparison.Ordinal))
        {
            return true;
        }

        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '%')
            {
                if (raw[i] > 0x7F)
                {
                    bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(raw[i].ToString()));
                }
                else
                {
                    bytes.Add((byte)raw[i]);
                }

                continue;
            }

            if (i + 2 >= raw.Length || !Uri.IsHexDigit(raw[i + 1]) || !Uri.IsHexDigit(raw[i + 2]))
            {
                return false;
            }

            bytes.Add((byte)((Uri.FromHex(raw[i + 1]) << 4) | Uri.FromHex(raw[i + 2])));
            i += 2;
        }

        try
        {
            decoded = new System.Text.UTF8Encoding(false, true).GetString([.. bytes]);
            return true;
        }
        catch (System.Text.DecoderFallbackException)
        {
            return false;
        }
    }
}
