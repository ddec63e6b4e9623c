package demo

import "strings"

// street is a real street or square of the region, with the municipalities
// (NIS codes) it runs through, so that a report's text never names a street
// of another municipality than the one its point lies in.
type street struct {
	fr, nl string
	areas  []string
}

// brusselsStreets are well-known streets, at least three per municipality.
// French names are written as in running text ("rue Haute"); the English
// texts use the French name capitalised, as English speakers in Brussels do.
var brusselsStreets = []street{
	// Anderlecht
	{"chaussée de Mons", "Bergensesteenweg", []string{"21001"}},
	{"rue Wayez", "Wayezstraat", []string{"21001"}},
	{"boulevard Sylvain Dupuis", "Sylvain Dupuislaan", []string{"21001"}},
	{"place de la Vaillance", "Dapperheidsplein", []string{"21001"}},
	{"rue de Fiennes", "Fiennesstraat", []string{"21001"}},
	{"boulevard de la Révision", "Herzieningslaan", []string{"21001"}},
	{"chaussée de Ninove", "Ninoofsesteenweg", []string{"21001", "21012"}},
	// Auderghem
	{"boulevard du Souverain", "Vorstlaan", []string{"21002", "21017", "21019"}},
	{"chaussée de Wavre", "Waversesteenweg", []string{"21002", "21005", "21009"}},
	{"avenue Jean Van Horenbeeck", "Jean Van Horenbeecklaan", []string{"21002"}},
	{"avenue Gustave Demey", "Gustave Demeylaan", []string{"21002"}},
	{"rue Jacques Bassem", "Jacques Bassemstraat", []string{"21002"}},
	// Berchem-Sainte-Agathe
	{"avenue de Selliers de Moranville", "De Selliers de Moranvillelaan", []string{"21003"}},
	{"rue de Grand-Bigard", "Groot-Bijgaardenstraat", []string{"21003"}},
	{"avenue du Roi Albert", "Koning Albertlaan", []string{"21003"}},
	{"chaussée de Gand", "Gentsesteenweg", []string{"21003", "21011", "21012"}},
	{"avenue Charles-Quint", "Keizer Karellaan", []string{"21003", "21008"}},
	// Bruxelles
	{"rue Haute", "Hoogstraat", []string{"21004"}},
	{"boulevard Anspach", "Anspachlaan", []string{"21004"}},
	{"rue Neuve", "Nieuwstraat", []string{"21004"}},
	{"rue Antoine Dansaert", "Antoine Dansaertstraat", []string{"21004"}},
	{"rue de Laeken", "Lakensestraat", []string{"21004"}},
	{"avenue Louise", "Louizalaan", []string{"21004"}},
	{"rue Blaes", "Blaesstraat", []string{"21004"}},
	{"boulevard Émile Jacqmain", "Emile Jacqmainlaan", []string{"21004"}},
	{"rue du Marché aux Herbes", "Grasmarkt", []string{"21004"}},
	{"avenue Houba de Strooper", "Houba de Strooperlaan", []string{"21004"}},
	{"place du Jeu de Balle", "Vossenplein", []string{"21004"}},
	{"quai aux Briques", "Baksteenkaai", []string{"21004"}},
	{"rue Royale", "Koningsstraat", []string{"21004", "21014"}},
	// Etterbeek
	{"avenue d'Auderghem", "Oudergemlaan", []string{"21005"}},
	{"avenue de la Chasse", "Jachtlaan", []string{"21005"}},
	{"place Jourdan", "Jourdanplein", []string{"21005"}},
	{"rue des Champs", "Veldstraat", []string{"21005"}},
	{"avenue des Casernes", "Kazernenlaan", []string{"21005"}},
	// Evere
	{"chaussée de Louvain", "Leuvensesteenweg", []string{"21006", "21014", "21015"}},
	{"avenue Henri Conscience", "Henri Consciencelaan", []string{"21006"}},
	{"rue de Genève", "Genèvestraat", []string{"21006"}},
	{"rue Édouard Stuckens", "Edouard Stuckensstraat", []string{"21006"}},
	{"boulevard Lambermont", "Lambermontlaan", []string{"21006", "21015"}},
	// Forest
	{"chaussée de Neerstalle", "Neerstalsesteenweg", []string{"21007", "21016"}},
	{"avenue Van Volxem", "Van Volxemlaan", []string{"21007"}},
	{"chaussée de Bruxelles", "Brusselsesteenweg", []string{"21007"}},
	{"place Saint-Denis", "Sint-Denijsplein", []string{"21007"}},
	{"avenue Albert", "Albertlaan", []string{"21007", "21016"}},
	{"chaussée d'Alsemberg", "Alsembergsesteenweg", []string{"21007", "21013", "21016"}},
	// Ganshoren
	{"avenue de Villegas", "De Villegaslaan", []string{"21008"}},
	{"avenue Van Overbeke", "Van Overbekelaan", []string{"21008"}},
	{"avenue de Jette", "Jetselaan", []string{"21008", "21010"}},
	// Ixelles
	{"chaussée d'Ixelles", "Elsensesteenweg", []string{"21009"}},
	{"rue du Bailli", "Baljuwstraat", []string{"21009"}},
	{"place Flagey", "Flageyplein", []string{"21009"}},
	{"rue Lesbroussart", "Lesbroussartstraat", []string{"21009"}},
	{"avenue de la Couronne", "Kroonlaan", []string{"21009"}},
	{"chaussée de Boondael", "Boondaalsesteenweg", []string{"21009"}},
	// Jette
	{"boulevard de Smet de Naeyer", "De Smet de Naeyerlaan", []string{"21010"}},
	{"rue Léon Theodor", "Léon Theodorstraat", []string{"21010"}},
	{"place Reine Astrid", "Koningin Astridplein", []string{"21010"}},
	{"rue Ferdinand Lenoir", "Ferdinand Lenoirstraat", []string{"21010"}},
	// Koekelberg
	{"avenue du Panthéon", "Pantheonlaan", []string{"21011"}},
	{"place Simonis", "Simonisplein", []string{"21011", "21012"}},
	{"rue Herkoliers", "Herkoliersstraat", []string{"21011"}},
	{"boulevard Léopold II", "Leopold II-laan", []string{"21011", "21012"}},
	// Molenbeek-Saint-Jean
	{"rue Ribaucourt", "Ribaucourtstraat", []string{"21012"}},
	{"place Communale", "Gemeenteplein", []string{"21012"}},
	{"boulevard Edmond Machtens", "Edmond Machtenslaan", []string{"21012"}},
	// Saint-Gilles
	{"chaussée de Waterloo", "Waterloosesteenweg", []string{"21013", "21016"}},
	{"rue de la Victoire", "Overwinningsstraat", []string{"21013"}},
	{"avenue Jean Volders", "Jean Volderslaan", []string{"21013"}},
	{"parvis de Saint-Gilles", "Sint-Gillisvoorplein", []string{"21013"}},
	{"chaussée de Forest", "Vorstsesteenweg", []string{"21013", "21007"}},
	{"rue de Mérode", "Merodestraat", []string{"21013"}},
	// Saint-Josse-ten-Noode
	{"place Saint-Josse", "Sint-Joostplein", []string{"21014"}},
	{"avenue Galilée", "Galileelaan", []string{"21014"}},
	{"rue de la Charité", "Liefdadigheidsstraat", []string{"21014"}},
	{"chaussée de Haecht", "Haachtsesteenweg", []string{"21014", "21015"}},
	// Schaerbeek
	{"avenue Louis Bertrand", "Louis Bertrandlaan", []string{"21015"}},
	{"rue Josaphat", "Josafatstraat", []string{"21015"}},
	{"place Colignon", "Colignonplein", []string{"21015"}},
	{"rue Royale Sainte-Marie", "Koninklijke Sint-Mariastraat", []string{"21015"}},
	// Uccle
	{"avenue Brugmann", "Brugmannlaan", []string{"21016"}},
	{"rue Vanderkindere", "Vanderkinderestraat", []string{"21016"}},
	{"avenue De Fré", "De Frélaan", []string{"21016"}},
	{"place Saint-Job", "Sint-Jobsplein", []string{"21016"}},
	{"chaussée de Saint-Job", "Sint-Jobsesteenweg", []string{"21016"}},
	// Watermael-Boitsfort
	{"avenue de la Fauconnerie", "Valkerijlaan", []string{"21017"}},
	{"place Keym", "Keymplein", []string{"21017"}},
	{"avenue Delleur", "Delleurlaan", []string{"21017"}},
	{"chaussée de La Hulpe", "Terhulpsesteenweg", []string{"21017", "21016"}},
	// Woluwe-Saint-Lambert
	{"boulevard Brand Whitlock", "Brand Whitlocklaan", []string{"21018"}},
	{"avenue Georges Henri", "Georges Henrilaan", []string{"21018"}},
	{"rue Voot", "Vootstraat", []string{"21018"}},
	{"avenue Paul Hymans", "Paul Hymanslaan", []string{"21018"}},
	{"rue Saint-Lambert", "Sint-Lambertusstraat", []string{"21018"}},
	// Woluwe-Saint-Pierre
	{"avenue de Tervueren", "Tervurenlaan", []string{"21019", "21005"}},
	{"rue au Bois", "Bosstraat", []string{"21019"}},
	{"avenue Orban", "Orbanlaan", []string{"21019"}},
	{"place Dumon", "Dumonplein", []string{"21019"}},
	{"avenue Parmentier", "Parmentierlaan", []string{"21019"}},
}

// genericStreets stand in for an area of another city that the list above
// does not know: names that exist in most towns of Belgium.
var genericStreets = []street{
	{"rue de l'Église", "Kerkstraat", nil},
	{"place de la Gare", "Stationsplein", nil},
	{"avenue du Parc", "Parklaan", nil},
	{"rue du Moulin", "Molenstraat", nil},
	{"chaussée de la Station", "Stationssteenweg", nil},
}

// streetName holds a street's name and the phrases built around it in one
// language, computed once so that rendering a report only copies strings.
type streetName struct {
	name string // "rue Haute", "Hoogstraat", "Rue Haute"
	at   string // "dans la rue Haute", "in de Hoogstraat", "on Rue Haute"
	of   string // form used after "corner of": "de la rue Haute", "de Hoogstraat", "Rue Haute"
	// chaussee marks French "chaussée" streets, where "dans la chaussée"
	// (in the roadway) would read twice.
	chaussee bool
}

func frStreet(name string) streetName {
	kind, _, _ := strings.Cut(name, " ")
	at, of := "dans la ", "de la "
	switch kind {
	case "avenue":
		at, of = "dans l'", "de l'"
	case "boulevard", "parvis", "quai":
		at, of = "sur le ", "du "
	case "chaussée", "place":
		at, of = "sur la ", "de la "
	}
	return streetName{name: name, at: at + name, of: of + name, chaussee: kind == "chaussée"}
}

func nlStreet(name string) streetName {
	at, art := "in de ", "de "
	switch {
	case strings.HasSuffix(name, "plein"):
		at, art = "op het ", "het "
	case strings.HasSuffix(name, "steenweg"), strings.HasSuffix(name, "kaai"), strings.HasSuffix(name, "laan"),
		strings.HasSuffix(name, "markt"):
		at = "op de "
	}
	return streetName{name: name, at: at + name, of: art + name}
}

func enStreet(frName string) streetName {
	name := upperFirst(frName)
	kind, _, _ := strings.Cut(frName, " ")
	at := "on "
	if kind == "place" || kind == "parvis" {
		at = "at "
	}
	return streetName{name: name, at: at + name, of: name}
}

// names returns the street's phrases in lang.
func (s street) names(lang string) streetName {
	switch lang {
	case "nl":
		return nlStreet(s.nl)
	case "en":
		return enStreet(s.fr)
	}
	return frStreet(s.fr)
}
