using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Siprec.Server.Api;

/// <summary>
/// The edge of <c>/api</c>: what routing leaves unanswered there gets the API's JSON error format (400 for a request
/// target that is not valid percent-encoding, 404 when no route matches, 405 with routing's <c>Allow</c> header when
/// only the method is wrong), and an exception escaping an endpoint becomes a 500 that reveals nothing.
/// </summary>
public sealed partial class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    /// <summary>Runs the rest of the pipeline for a request under <c>/api</c>; passes any other request through.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        try
        {
            await next(context).ConfigureAwait(false);
            if (!context.Response.HasStarted && context.Response.StatusCode is StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed)
            {
                await AnswerUnroutedAsync(context).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.Unhandled(logger, context.Request.Method, context.Request.Path.Value ?? string.Empty, ex);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await ApiResponse.ErrorAsync(context, StatusCodes.Status500InternalServerError, "internal server error").ConfigureAwait(false);
            }
        }
    }

    private static Task AnswerUnroutedAsync(HttpContext context)
    {
        if (!ApiPath.TrySplit(ApiPath.RawTargetOf(context), out _))
        {
            context.Response.Headers.Remove("Allow");
            return ApiResponse.ErrorAsync(context, StatusCodes.Status400BadRequest, ApiPath.BadEncodingMessage);
        }

        return context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed
            ? ApiResponse.ErrorAsync(context, StatusCodes.Status405MethodNotAllowed, $"method {context.Request.Method} not allowed; use {context.Response.Headers.Allow}")
            : ApiResponse.ErrorAsync(context, StatusCodes.Status404NotFound, ApiPath.NotFoundMessage(context));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "Unhandled error answering an API request")]
        public static partial void Unhandled(ILogger logger, string method, string path, Exception exception);
    }
}
