package dev.c2a.queue.sql;

import java.util.function.UnaryOperator;

/**
 * How a database finds the jobs whose text contains a search term, in SQL fragments that
 * {@link SqlJobQueue#list} puts around its own filters ({@code state}, {@code seq} and the columns
 * are the jobs table's, unqualified).
 *
 * @param from        the jobs joined to the database's index of words
 * @param match       keeps the jobs whose words contain the term, through that index; one
 *                    parameter, {@code argument} applied to the case-folded term (which has at
 *                    least {@link dev.c2a.queue.JobSearch#INDEXED_MIN} characters)
 * @param argument    the folded term as {@code match} takes it
 * @param newestFirst the order by which the index gives the newest jobs first, so that a page of
 *                    matches stops the reading
 * @param scanFrom    the jobs with what {@code scan} reads
 * @param scan        keeps the jobs whose searched text contains the folded term, its one parameter,
 *                    by reading each one's text: for terms too short for the index, among the newest jobs only
 */
public record TextSearch(String from, String match, UnaryOperator<String> argument, String newestFirst,
                         String scanFrom, String scan) {
}
