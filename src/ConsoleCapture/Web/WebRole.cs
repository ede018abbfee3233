namespace SolWatch.ConsoleCapture.Web;

/// <summary>What a dashboard user may do; each role may do all that the roles before it may.</summary>
public enum WebRole
{
    /// <summary>Reads consoles, incidents, transcripts and the fleet; never types.</summary>
    Viewer,

    /// <summary>Also types into consoles that allow writes (holding the console's write lock).</summary>
    Operator,

    /// <summary>Also sees who is logged in and releases anyone's write lock.</summary>
    Admin,
}

/// <summary>Role names as the users file and the pages spell them.</summary>
public static class WebRoles
{
    /// <summary>The names, in order.</summary>
    public static readonly IReadOnlyList<string> Names = ["viewer", "operator", "admin"];

    /// <summary>The role called <paramref name="name"/> (lower case), if any.</summary>
    public static bool TryParse(string name, out WebRole role)
    {
        int i = Names.ToList().IndexOf(name);
        role = i < 0 ? WebRole.Viewer : (WebRole)i;
        return i >= 0;
    }

    /// <summary>The name of <paramref name="role"/>.</summary>
    public static string Name(this WebRole role) => Names[(int)role];
}
