package dev.c2a.cli;

import dev.c2a.config.InvalidSettingException;
import dev.c2a.service.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code c2a} command line. */
@Command(name = "c2a", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = Main.VersionProvider.class,
        description = "Content-to-audio worker service: run it (serve) or drive a running one.",
        subcommands = {ServeCommand.class, StatusCommand.class, StopCommand.class, ScaleCommand.class,
                SubmitCommand.class, JobsCommand.class, VoicesCommand.class, SayCommand.class, ConfigCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (code != 0 || args.length == 0 || !"serve".equals(args[0])) {
            System.exit(code);
        }
    }

    /** The command tree with its error handling; tests run it with their own out and err. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand("start", control("service", "start", "Start this node's workers."));
        cli.addSubcommand("pause", control("service", "pause", "Pause this node: running jobs go on, no new ones"
                + " are claimed."));
        cli.addSubcommand("resume", control("service", "resume", "Resume this node after a pause."));
        CommandLine cluster = new CommandLine(new ClusterCommand());
        cluster.addSubcommand("start", control("cluster", "start", "Start the workers of every node."));
        cluster.addSubcommand("pause", control("cluster", "pause", "Pause every node: running jobs go on, no new"
                + " ones are claimed. Nodes that start later come up paused."));
        cluster.addSubcommand("resume", control("cluster", "resume", "Resume every node after a pause."));
        cluster.addSubcommand("stop", new ClusterStopCommand());
        cli.addSubcommand("cluster", cluster);
        cli.addSubcommand("nodes", new NodesCommand());
        cli.addSubcommand("audit", new AuditCommand());
        cli.addSubcommand("job", new JobCommand("show"));
        cli.addSubcommand("cancel", new JobCommand("cancel"));
        cli.addSubcommand("retry", new JobCommand("retry"));
        cli.addSubcommand("delete", new JobCommand("delete"));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("c2a: " + e.getMessage());
            if (e instanceof CliException c) {
                return c.exitCode();
            }
            return e instanceof InvalidSettingException || e instanceof IllegalArgumentException
                    ? ExitCodes.USAGE : ExitCodes.JOB_FAILED;
        });
        return cli;
    }

    private static CommandLine control(String scope, String action, String description) {
        CommandLine command = new CommandLine(new ControlCommand(scope, action));
        command.getCommandSpec().usageMessage().description(description);
        return command;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"c2a " + Version.get()};
        }
    }
}
