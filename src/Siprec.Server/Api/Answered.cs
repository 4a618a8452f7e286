using Microsoft.AspNetCore.Http;

namespace Siprec.Server.Api;

/// <summary>
/// For handlers that write their own answer (event streams, files): they return the empty result once done, so they are
/// route handlers that the endpoint filters run for, and nothing more is written after them.
/// </summary>
internal static class Answered
{
    /// <summary>Awaits <paramref name="writing"/>, then returns the empty result.</summary>
    public static async ValueTask<IResult> After(Task writing)
    {
        await writing.ConfigureAwait(false);
        return Results.Empty;
    }
}
