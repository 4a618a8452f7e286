using System.Diagnostics.CodeAnalysis;

namespace Siprec.Server.Auth;

/// <summary>The names of <see cref="ApiScope"/> as keys files, errors and the audit trail spell them.</summary>
public static class ApiScopeText
{
    /// <summary>Every scope, in documentation order.</summary>
    public static IReadOnlyList<ApiScope> All { get; } = Enum.GetValues<ApiScope>();

    /// <summary>The scope's name: <c>read</c>, <c>pause</c>, <c>pause_all</c>, <c>recordings</c> or <c>admin</c>.</summary>
    public static string Name(ApiScope scope) => scope switch
    {
        ApiScope.Read => "read",
        ApiScope.Pause => "pause",
        ApiScope.PauseAll => "pause_all",
        ApiScope.Recordings => "recordings",
        ApiScope.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(scope)),
    };

    /// <summary>Reads a scope name (exact, lower case).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ApiScope? scope)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(Name(candidate), text, StringComparison.Ordinal))
            {
                scope = candidate;
                return true;
            }
        }

        scope = null;
        return false;
    }
}
