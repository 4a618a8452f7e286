using System.CommandLine;

namespace Siprec.Cli.Commands;

/// <summary>The id argument shared by the per-session and per-recording commands.</summary>
public static class SessionArguments
{
    /// <summary>A required, non-blank <c>&lt;id&gt;</c> argument.</summary>
    public static Argument<string> Id(string description)
    {
        var id = new Argument<string>("id") { Description = description };
        id.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("the id must not be empty");
            }
        });
        return id;
    }
}
